"""A member's preferred language, first known at login (see Member.preferred_language)."""

from __future__ import annotations

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver


@receiver(auth_signals.user_logged_in, dispatch_uid="members_language_at_login")
def remember_language_at_login(sender, request, user, **kwargs):
    language = getattr(request, "LANGUAGE_CODE", "")  # set by LocaleMiddleware on a real request
    if language and hasattr(user, "remember_language"):
        user.remember_language(language, only_if_unknown=True)
