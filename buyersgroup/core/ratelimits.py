"""Rate limits on costly or sensitive actions, in the shared cache like the login limits.

The counters are allauth's (the same code limits logins and password resets):
they live in Django's cache, which is the database cache (settings.CACHES), so
every gunicorn worker and every app server sees the same counts; the client
address is allauth's ``get_client_ip``, which ignores ``X-Forwarded-For`` unless
TRUSTED_PROXY_COUNT says proxies are in front.

Each action has its rates in ``settings.PORTAL_RATE_LIMITS`` (README,
"Configuration"), in allauth's notation: ``"20/m/user,200/h/user"`` is at most
20 a minute and 200 an hour per member; ``/ip`` counts per client address.

Use the decorator on a view, or ``check`` inside one::

    @rate_limited("export")
    def export(request): ...

    @rate_limited("invitation", methods=("POST",))   # only sending counts
    def invite(request): ...

Over the limit the member gets the portal's 429 page with ``Retry-After``, and
the first refusal of a window goes to the security log.
"""

from __future__ import annotations

import hashlib
import math
import time
from functools import wraps

from allauth.core.internal import ratelimit as counters
from django.conf import settings
from django.shortcuts import render

from buyersgroup.core.security import record

APP = "buyersgroup"


def _rates(action: str):
    rates = counters.get_rates(app=APP, action=action, config=settings.PORTAL_RATE_LIMITS)
    if not rates and action not in settings.PORTAL_RATE_LIMITS:
        raise KeyError(f"no rate limit configured for {action!r} (settings.PORTAL_RATE_LIMITS)")
    return rates


def retry_after(request, action: str, key: str | None = None) -> int:
    """Seconds until the fullest of this action's windows has room again (at least 1)."""
    now, wait = time.time(), 0.0
    for rate in _rates(action):
        history = counters.cache.get(counters.get_cache_key(request, app=APP, action=action, rate=rate, key=key), [])
        recent = [stamp for stamp in history if stamp > now - rate.duration]  # newest first
        if len(recent) >= rate.amount:
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait))


def check(request, action: str):
    """Count one use of ``action``; ``None`` when allowed, else the 429 response to return."""
    wait = refused_for(request, action)
    return None if wait is None else too_many_requests(request, action, wait)


def refused_for(request, action: str, *, key: str | None = None, actor=None) -> int | None:
    """Count one use of ``action``: ``None`` when allowed, else the seconds to wait.

    ``key`` counts per something other than the member or the address (rates written
    ``…/key``, e.g. one API token); ``actor`` is whom the security log names then.
    """
    _rates(action)  # an unknown action is a programming error, not a free pass
    usage = counters.consume(
        request, app=APP, action=action, config=settings.PORTAL_RATE_LIMITS, key=key, limit_get=True
    )
    if usage is not None:
        return None
    wait = retry_after(request, action, key)
    # One security-log line per member (or address, or key) and window, not one per refused request.
    if key is not None:
        who = "key:" + hashlib.sha256(key.encode()).hexdigest()
    else:
        who = f"user:{request.user.pk}" if request.user.is_authenticated else counters.get_ip(request)
    if counters.cache.add(f"{APP}:rl-logged:{action}:{who}", True, timeout=wait):
        record("rate_limited", request, actor=actor, action=action, retry_after=wait)
    return wait


def too_many_requests(request, action: str, wait: int | None = None):
    wait = retry_after(request, action) if wait is None else wait
    response = render(request, "429.html", {"retry_after_minutes": math.ceil(wait / 60)}, status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limited(action: str, methods: tuple[str, ...] = ("GET", "HEAD", "POST")):
    """Limit a view to the rates of ``action``; requests with other methods are not counted."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                refused = check(request, action)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
