"""Request-level security: allowed methods, input PostgreSQL cannot store, session lifetimes."""

from __future__ import annotations

import re
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


# PostgreSQL text cannot hold NUL; lone surrogates cannot be encoded to UTF-8 (JSON "\\ud800" escapes).
REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def _has_refused_characters(values) -> bool:
    return any(isinstance(value, str) and REFUSED_CHARACTERS.search(value) for value in values)


def _query_values(querydict):
    for key, values in querydict.lists():
        yield key
        yield from values


class RefusedCharactersMiddleware:
    """One place for every view: a NUL byte anywhere in the request is a 400, never a 500.

    Checked before anything reads the request: the address, the query string, the
    cookies (the session key is looked up in PostgreSQL) and the headers (the user
    agent goes to the security log); then, in ``process_view``, the form fields and
    the names of uploaded files. Views, forms and filters can rely on clean text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        headers = (value for name, value in request.META.items() if name.startswith("HTTP_"))
        if (
            _has_refused_characters([request.path_info])
            or _has_refused_characters(_query_values(request.GET))
            or _has_refused_characters(request.COOKIES.keys())
            or _has_refused_characters(request.COOKIES.values())
            or _has_refused_characters(headers)
        ):
            return refuse(request)
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST":
            return None
        # Reading the body here (CsrfViewMiddleware would anyway) also applies Django's
        # DATA_UPLOAD_MAX_* limits before any view work: TooManyFieldsSent and friends
        # become a 400 through core.views.bad_request.
        if _has_refused_characters(_query_values(request.POST)) or _has_refused_characters(
            [name for _field, upload in request.FILES.lists() for name in (_field, *(f.name for f in upload))]
        ):
            return refuse(request)
        return None


def refuse(request):
    """The 400 page, in the visitor's language (this runs before LocaleMiddleware)."""
    from django.utils import translation

    from buyersgroup.core.views import RefusedInput, bad_request

    with translation.override(translation.get_language_from_request(request)):
        return bad_request(request, RefusedInput())


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
