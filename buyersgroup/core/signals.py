"""Write the security log from the signals Django and allauth send.

Logins, failed logins, logouts, password and e-mail changes and two-factor
changes are recorded here, in one place, so no view has to remember to do it.
Denied access, invitations and access requests are recorded where they happen
(``access.coordinator_required``, the members services).

Only the e-mail address typed at login is kept from the credentials: never the
password, never a reset key, never a two-factor code.
"""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from buyersgroup.core.middleware import mark_session_start
from buyersgroup.core.models import SecurityEvent
from buyersgroup.core.security import record

Kind = SecurityEvent.Kind


@receiver(auth_signals.user_logged_in, dispatch_uid="security_log_login")
def on_login(sender, request, user, **kwargs):
    mark_session_start(request)
    record(Kind.LOGIN, request, actor=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="security_log_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    """``credentials`` holds what was typed; only the e-mail leaves this function."""
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    actor = get_user_model().objects.filter(email__iexact=email).first() if email else None
    record(Kind.LOGIN_FAILED, request, actor=actor, email=email, step="password")


@receiver(mfa_signals.authentication_failed, dispatch_uid="security_log_mfa_failed")
def on_two_factor_failed(sender, request, user, authenticator=None, **kwargs):
    record(Kind.LOGIN_FAILED, request, actor=user, step="two_factor")


@receiver(auth_signals.user_logged_out, dispatch_uid="security_log_logout")
def on_logout(sender, request, user=None, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, request, actor=user)


@receiver(account_signals.password_changed, dispatch_uid="security_log_password_changed")
def on_password_changed(sender, request, user, **kwargs):
    record(Kind.PASSWORD_CHANGED, request, actor=user)


@receiver(account_signals.password_set, dispatch_uid="security_log_password_set")
def on_password_set(sender, request, user, **kwargs):
    record(Kind.PASSWORD_CHANGED, request, actor=user, first_time=True)


@receiver(account_signals.password_reset, dispatch_uid="security_log_password_reset")
def on_password_reset(sender, request, user, **kwargs):
    record(Kind.PASSWORD_RESET, request, actor=user)


@receiver(account_signals.email_changed, dispatch_uid="security_log_email_changed")
def on_email_changed(sender, request, user, from_email_address=None, to_email_address=None, **kwargs):
    record(
        Kind.EMAIL_CHANGED,
        request,
        actor=user,
        email=getattr(to_email_address, "email", ""),
        previous=getattr(from_email_address, "email", ""),
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="security_log_mfa_added")
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    record(Kind.MFA_ADDED, request, actor=user, method=authenticator.type)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="security_log_mfa_removed")
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    record(Kind.MFA_REMOVED, request, actor=user, method=authenticator.type)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="security_log_mfa_reset")
def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    record(Kind.MFA_RESET, request, actor=user, method=authenticator.type)
