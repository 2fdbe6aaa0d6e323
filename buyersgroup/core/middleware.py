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


class SessionLifetimeMiddleware:
    """An absolute lifetime on top of Django's idle timeout.

    A session started without "Remember me" ends after SESSION_ABSOLUTE_SECONDS
    however active it is; a remembered one after SESSION_REMEMBER_SECONDS.
    The idle timeout is Django's SESSION_COOKIE_AGE (saved on every request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = int(time.time())
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            else:
                limit = (
                    settings.SESSION_ABSOLUTE_SECONDS
                    if request.session.get_expire_at_browser_close()
                    else settings.SESSION_REMEMBER_SECONDS
                )
                if now - started > limit:
                    logout(request)
        return self.get_response(request)
