"""Request-level security: allowed methods and session lifetimes."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST")
SESSION_STARTED_KEY = "_auth_started_at"


class AllowedMethodsMiddleware:
    """TRACE, PUT, DELETE, OPTIONS… are never used by the portal: answer 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


def mark_session_start(request) -> None:
    """Called at every login (core.signals): the absolute lifetime counts from here."""
    request.session[SESSION_STARTED_KEY] = int(time.time())


def _absolute_limit(session) -> int:
    """Only a session given a long expiry at login ("Remember me") lives longer."""
    remembered = session.get_expiry_age() > settings.SESSION_COOKIE_AGE
    return settings.SESSION_REMEMBER_SECONDS if remembered else settings.SESSION_ABSOLUTE_SECONDS


class SessionLifetimeMiddleware:
    """An absolute lifetime on top of Django's idle timeout.

    A session started without "Remember me" ends after SESSION_ABSOLUTE_SECONDS
    however active it is; a remembered one after SESSION_REMEMBER_SECONDS.
    The idle timeout is Django's SESSION_COOKIE_AGE, restarted by saving the
    session when its stored expiry is more than SESSION_REFRESH_SECONDS old
    (core.sessions): not a write on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                mark_session_start(request)
            elif int(time.time()) - started > _absolute_limit(request.session):
                logout(request)
        refresh_due = getattr(request.session, "refresh_due", None)
        if refresh_due is not None and refresh_due():
            request.session.modified = True
        return self.get_response(request)
