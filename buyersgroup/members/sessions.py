"""The account's sessions as people read them: "Chrome on Linux · 192.0.2.4 · last active 2 hours ago".

allauth lists the sessions (usersessions) with the raw user-agent string. The
browser and system are read from it here with a few plain rules (no catalogue of
devices: a wrong guess only makes a description vaguer). The last activity
comes from Django's own session row, saved at every request
(SESSION_SAVE_EVERY_REQUEST): its expiry date minus the session's lifetime.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext as _

# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edg", "Edge"), ("OPR/", "Opera"), ("Opera", "Opera"), ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chromium", "Chromium"),
    ("Chrome/", "Chrome"), ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
    ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
]


def _first(user_agent: str, rules) -> str | None:
    return next((name for marker, name in rules if marker in user_agent), None)


def describe_user_agent(user_agent: str) -> str:
    """"Chrome on Linux", "Safari on iPhone", "Firefox", or "Unknown browser"."""
    browser, system = _first(user_agent or "", BROWSERS), _first(user_agent or "", SYSTEMS)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or _("A browser on %(system)s") % {"system": system}
    return _("Unknown browser")


@dataclass
class SessionRow:
    session: object  # allauth's UserSession
    description: str
    last_active: datetime.datetime


def session_rows(user_sessions) -> list[SessionRow]:
    """Each session with its description and last activity (one query for all of them)."""
    user_sessions = list(user_sessions)
    stored = Session.objects.filter(session_key__in=[s.session_key for s in user_sessions])
    last_active = {row.session_key: _last_active(row) for row in stored}
    now = timezone.now()
    return [
        SessionRow(
            session=user_session,
            description=describe_user_agent(user_session.user_agent),
            last_active=min(last_active.get(user_session.session_key) or user_session.last_seen_at, now),
        )
        for user_session in user_sessions
    ]


def _last_active(row) -> datetime.datetime:
    """When the session was last saved: its expiry minus its lifetime ("Remember me" sets a longer one)."""
    expiry = row.get_decoded().get("_session_expiry")  # {} for a damaged row
    age = expiry if isinstance(expiry, int) and expiry > 0 else settings.SESSION_COOKIE_AGE
    return row.expire_date - datetime.timedelta(seconds=age)
