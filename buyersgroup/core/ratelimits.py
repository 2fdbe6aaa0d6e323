"""Rate limits on costly or sensitive actions, counted in PostgreSQL.

The counts are rows of ``RateCount`` (core.models), one per member (or client
address, or API token), action and rate: every gunicorn worker and every app
server sees the same counts. Counting one use is one statement, an UPSERT of
every rate of the action. (The login limits are allauth's own, in the database
cache.) The client address is allauth's ``get_client_ip``, which ignores
``X-Forwarded-For`` unless TRUSTED_PROXY_COUNT says proxies are in front.

Each action has its rates in ``settings.PORTAL_RATE_LIMITS`` (README,
"Configuration"), in allauth's notation: ``"20/m/user,200/h/user"`` is at most
20 a minute and 200 an hour per member; ``/ip`` counts per client address,
``/key`` per the key the caller gives (an API token). A window opens at the
first use and lasts the rate's duration ("30/h": 30 uses in the hour from the
first one); Retry-After is the time until it ends.

Use the decorator on a view, or ``refused_for`` inside one (it returns the seconds to wait)::

    @rate_limited("export")
    def export(request): ...

    @rate_limited("invitation", methods=("POST",))   # only sending counts
    def invite(request): ...

Over the limit the member gets the portal's 429 page with ``Retry-After``, and
the first refusal of a window goes to the security log. Every try counts,
refused ones too.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime
from functools import wraps

from allauth.core.internal import ratelimit as counters
from django.conf import settings
from django.db import connection
from django.shortcuts import render

from buyersgroup.core.security import record


def _rates(action: str):
    if action not in settings.PORTAL_RATE_LIMITS:
        raise KeyError(f"no rate limit configured for {action!r} (settings.PORTAL_RATE_LIMITS)")
    return counters.parse_rates(settings.PORTAL_RATE_LIMITS[action])


def _who(request, per: str, key: str | None) -> str:
    if per == "key":
        if key is None:
            raise ValueError("a rate per key needs the key")
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    if per == "user" and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "ip:" + counters.get_ip(request)


def _rates_of(request, action: str, key: str | None) -> dict[str, tuple[int, float]]:
    """{scope: (amount, duration in seconds)} for each rate of ``action``."""
    return {f"{action}:{rate.amount}/{int(rate.duration)}:{_who(request, rate.per, key)}": (rate.amount, rate.duration)
            for rate in _rates(action)}


# A window that has ended starts again at this use; otherwise one more use in it.
COUNT_SQL = (
    "INSERT INTO core_ratecount AS c (scope, window_end, hits) "
    "SELECT scope, %(now)s + make_interval(secs => duration), 1 "
    "FROM unnest(%(scopes)s::varchar[], %(durations)s::float8[]) AS w(scope, duration) "
    "ON CONFLICT (scope) DO UPDATE SET "
    "hits = CASE WHEN c.window_end <= %(now)s THEN 1 ELSE c.hits + 1 END, "
    "window_end = CASE WHEN c.window_end <= %(now)s THEN EXCLUDED.window_end ELSE c.window_end END "
    "RETURNING scope, hits, window_end"
)


def _count(rates: dict, now: datetime) -> dict[str, tuple[int, datetime]]:
    """Count one use under every rate; {scope: (uses in its window with this one, end of the window)}."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SQL, {"now": now, "scopes": list(rates),
                                   "durations": [float(duration) for _amount, duration in rates.values()]})
        return {scope: (hits, end) for scope, hits, end in cursor.fetchall()}


def refused_for(request, action: str, *, key: str | None = None, actor=None) -> int | None:
    """Count one use of ``action``: ``None`` when allowed, else the seconds to wait.

    ``key`` counts per something other than the member or the address (rates written
    ``…/key``, e.g. one API token); ``actor`` is whom the security log names then.
    """
    now = datetime.now(UTC)
    rates = _rates_of(request, action, key)  # an unknown action is a programming error, not a free pass
    if not rates:
        return None
    counted = _count(rates, now)
    over = [(end, hits - rates[scope][0]) for scope, (hits, end) in counted.items() if hits > rates[scope][0]]
    if not over:
        return None
    wait = max(1, math.ceil((max(end for end, _extra in over) - now).total_seconds()))
    # One security-log line per member (or address, or key) and window: at its first refusal.
    if any(extra == 1 for _end, extra in over):
        record("rate_limited", request, actor=actor, action=action, retry_after=wait)
    return wait


def too_many_requests(request, wait: int):
    """The portal's 429 page: how long to wait, in minutes (the decorator sets Retry-After)."""
    return render(request, "429.html", {"retry_after_minutes": math.ceil(wait / 60)}, status=429)


def rate_limited(action: str, methods: tuple[str, ...] = ("GET", "HEAD", "POST"), refuse=None):
    """Limit a view to the rates of ``action``; requests with other methods are not counted.
    ``refuse(request, wait)`` answers a refused request: by default the portal's 429 page; a JSON
    endpoint gives its own JSON 429. Either way with ``Retry-After``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                wait = refused_for(request, action)
                if wait is not None:
                    response = (refuse or too_many_requests)(request, wait)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
