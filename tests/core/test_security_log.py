"""The security log: who, what, when (UTC), from where — never a password, token or key.

Events are written by ``buyersgroup.core.signals`` from what Django and allauth
announce; the flows here are driven through the real forms.
"""

import datetime
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from buyersgroup.core.models import SecurityEvent
from tests.factories import MemberFactory, PASSWORD

NEW_PASSWORD = "a brand new passphrase for spring"


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def kinds():
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", flat=True))


def all_logged_text() -> str:
    """Every field of every event, as one string, to look for secrets in."""
    return "\n".join(repr(row) for row in SecurityEvent.objects.values())


def test_login_is_logged_with_who_when_and_from_where(client, alice):
    response = log_in(client, alice.email, HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind="login")
    assert event.actor == alice and event.email == alice.email
    assert event.ip == "203.0.113.7"
    assert event.user_agent == "Firefox/140"
    assert event.path == "/accounts/login/"
    assert event.at.tzinfo is datetime.UTC
    assert abs(event.at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


def test_failed_login_logs_the_email_but_never_the_password(client, alice):
    response = log_in(client, alice.email, "wrong-guess-for-alice-99")
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind="login_failed")
    assert event.email == alice.email and event.actor == alice
    assert event.detail == {"step": "password"}
    assert "wrong-guess-for-alice-99" not in all_logged_text()


def test_failed_login_for_an_unknown_address_is_logged_without_actor(client, db):
    log_in(client, "nobody@example.be", "whatever-password-123")
    event = SecurityEvent.objects.get(kind="login_failed")
    assert event.email == "nobody@example.be" and event.actor is None


def test_logout_is_logged(client, alice):
    log_in(client, alice.email)
    client.post(reverse("account_logout"))
    assert kinds() == ["login", "logout"]
    assert SecurityEvent.objects.get(kind="logout").actor == alice


def test_password_change_is_logged(client, alice):
    log_in(client, alice.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert SecurityEvent.objects.get(kind="password_changed").actor == alice
    assert PASSWORD not in all_logged_text() and NEW_PASSWORD not in all_logged_text()


def _reset_password(client, member, new_password):
    """Ask for a reset, follow the link from the e-mail, set a new password; return the link."""
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    return link


def test_no_secret_ever_reaches_the_log(client, alice, cora):
    """A whole day of flows, then every field of every event is searched for secrets."""
    log_in(client, alice.email, "not-alices-password-77")
    log_in(client, alice.email)
    client.post(reverse("account_logout"))
    link = _reset_password(client, alice, NEW_PASSWORD)
    log_in(client, alice.email, NEW_PASSWORD)
    client.post(reverse("account_logout"))
    log_in(client, cora.email)  # the password step; then a wrong two-factor code
    client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert {"login", "login_failed", "logout", "password_reset"} <= set(kinds())
    logged = all_logged_text()
    key = link.rstrip("/").rsplit("/", 1)[-1]  # "<user id in base 36>-<token>"
    token = key.split("-", 1)[1]
    secrets = [PASSWORD, NEW_PASSWORD, "not-alices-password-77", key, token, max(token.split("-"), key=len), "000000"]
    for secret in secrets:
        assert secret not in logged, f"{secret!r} found in the security log"
    two_factor_failure = SecurityEvent.objects.get(kind="login_failed", actor=cora)
    assert two_factor_failure.detail == {"step": "two_factor"}


def test_password_reset_is_logged(client, alice):
    _reset_password(client, alice, NEW_PASSWORD)
    assert SecurityEvent.objects.get(kind="password_reset").actor == alice


def test_two_factor_changes_are_logged(client, alice, django_capture_on_commit_callbacks):
    """allauth announces these after the commit: run those callbacks as a real request would."""
    log_in(client, alice.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # two-factor pages ask again
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=alice, type="totp").exists()

    events = SecurityEvent.objects.filter(actor=alice, kind__startswith="mfa_").order_by("pk")
    assert [(e.kind, e.detail["method"]) for e in events] == [
        ("mfa_added", "totp"),
        ("mfa_added", "recovery_codes"),
        ("mfa_reset", "recovery_codes"),
        ("mfa_removed", "totp"),
        ("mfa_removed", "recovery_codes"),  # allauth removes them with the last authenticator
    ]
    assert secret not in all_logged_text()


def test_email_change_is_logged_with_both_addresses(client, alice):
    log_in(client, alice.email)
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.aerts@stad.gent"})
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    event = SecurityEvent.objects.get(kind="email_changed")
    assert link.rstrip("/").rsplit("/", 1)[-1] not in all_logged_text()
    assert event.actor == alice
    assert event.email == "alice.aerts@stad.gent"
    assert event.detail == {"previous": "alice@stad.gent"}


def test_keys_and_tokens_in_addresses_are_hidden(rf, db):
    """Invitation, e-mail confirmation and reset links carry secrets in the path itself."""
    from buyersgroup.core.security import record

    request = rf.get("/members/invitation/raw-invitation-token-abc123/")
    event = record("invitation_refused", request)
    assert event.path == "/members/invitation/[hidden]/"
    with pytest.raises(ValueError, match="never stores"):
        record("invitation_sent", request, token="raw-invitation-token-abc123")


def test_a_refused_invitation_link_leaves_no_token_in_the_log(client, db):
    token = "bogus-invitation-token-7f3a9c"
    client.get(reverse("members:accept_invitation", args=[token]), follow=True)
    assert SecurityEvent.objects.exists()
    assert token not in all_logged_text()


def test_forged_forwarded_for_header_does_not_change_the_logged_address(client, alice):
    log_in(client, alice.email, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert SecurityEvent.objects.get(kind="login").ip == "127.0.0.1"


# --- Members cannot alter the log --------------------------------------------------


def test_a_saved_event_cannot_be_updated(alice):
    event = SecurityEvent.objects.create(kind="login", actor=alice)
    event.kind = "logout"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    assert SecurityEvent.objects.get(pk=event.pk).kind == "login"


def test_admin_shows_the_log_read_only_even_to_a_superuser(client, alice):
    admin = MemberFactory(email="root@example.be", is_staff=True, is_superuser=True)
    event = SecurityEvent.objects.create(kind="login", actor=alice, email=alice.email)
    client.force_login(admin)
    change_url = reverse("admin:core_securityevent_change", args=[event.pk])

    assert client.get(reverse("admin:core_securityevent_changelist")).status_code == 200
    assert client.get(change_url).status_code == 200  # view only
    assert client.post(change_url, {"kind": "logout", "email": "x@example.be"}).status_code == 403
    assert client.get(reverse("admin:core_securityevent_add")).status_code == 403
    delete_url = reverse("admin:core_securityevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    client.post(  # the bulk "delete selected" action is not offered either
        reverse("admin:core_securityevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    event.refresh_from_db()
    assert (event.kind, event.email) == ("login", alice.email)


def test_members_cannot_reach_the_log(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:core_securityevent_changelist"), follow=True)
    assert response.status_code == 403
    assert "security log" not in response.content.decode().lower()
