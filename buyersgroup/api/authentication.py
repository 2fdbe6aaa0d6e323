"""Who calls the API: a member's personal token, ``Authorization: Bearer <token>``.

DRF's own ``Token <token>`` keyword is accepted too. A missing, unknown or revoked
token, or one of a member who is no longer active, is a 401 with a JSON error:
never data. Every token has its own rate limit (settings.PORTAL_RATE_LIMITS["api"]).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from buyersgroup import access
from buyersgroup.api.models import ApiToken
from buyersgroup.core import ratelimits

KEYWORDS = (b"bearer", b"token")
RATE_LIMIT = "api"


class Throttled(exceptions.Throttled):
    default_detail = _("Too many requests with this token.")
    extra_detail_singular = _("Try again in {wait} second.")
    extra_detail_plural = _("Try again in {wait} seconds.")


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # no token: NotAuthenticated (401) from the permission below
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”, with no spaces in it."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = ApiToken.find(secret)
        if token is None or not access.is_member(token.member):
            raise exceptions.AuthenticationFailed(_("This token is not valid: it may have been revoked."))
        wait = ratelimits.refused_for(request._request, RATE_LIMIT, key=f"api-token:{token.pk}", actor=token.member)
        if wait is not None:
            raise Throttled(wait=wait)
        token.note_use()
        return token.member, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'  # makes DRF answer 401, not 403


class IsActiveMember(BasePermission):
    message = _("Send your API token: Authorization: Bearer <token>.")

    def has_permission(self, request, view):
        return access.is_member(request.user)
