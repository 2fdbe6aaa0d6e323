"""A member's preferred language, first known at login (see Member.preferred_language)."""

from __future__ import annotations

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.utils.translation import get_language


@receiver(auth_signals.user_logged_in, dispatch_uid="members_language_at_login")
def remember_language_at_login(sender, request, user, **kwargs):
    if hasattr(user, "remember_language"):
        user.remember_language(get_language(), only_if_unknown=True)
