"""Who may do what (SPEC §6). The one place that decides; views never re-implement a rule.

Anything a user may not see answers 404, never 403, so ids do not leak.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def is_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_coordinator(user) -> bool:
    return is_member(user) and getattr(user, "is_coordinator", False)


def has_two_factor(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


def can_see_directory(user) -> bool:
    return is_member(user)


def can_manage_members(user) -> bool:
    """Invite members, decide access requests, manage organisations and criteria."""
    return is_coordinator(user)


def can_see_email(viewer, member) -> bool:
    return is_member(viewer) and (member.show_email or viewer.pk == member.pk or is_coordinator(viewer))


def coordinator_required(view):
    """Coordinator pages: 404 for everyone else; coordinators must have two-factor on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_members(request.user):
            from buyersgroup.core.security import record

            record("access_denied", request, reason="coordinator page")
            raise Http404
        if not has_two_factor(request.user):
            messages.warning(
                request,
                _("Coordinator pages need two-factor authentication. Set it up first, it takes a minute."),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    wrapper.coordinator_only = True
    return wrapper
