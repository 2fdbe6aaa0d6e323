"""Sessions: a new id at login, ended on the server at logout, idle and absolute limits,
and a deactivated member is logged out at their next request."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from buyersgroup.core.middleware import SESSION_STARTED_KEY
from tests.factories import PASSWORD


def log_in(client, member, remember=False):
    data = {"login": member.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 302
    return response


def is_logged_in(client) -> bool:
    response = client.get(reverse("members:directory"))
    return response.status_code == 200


def _store(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_settings_set_idle_timeout_and_absolute_lifetime(settings):
    assert settings.SESSION_ENGINE == "buyersgroup.core.sessions"  # database sessions: ended on the server
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # refreshed when due, not written on every request
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    assert settings.SESSION_REMEMBER_SECONDS == 14 * 24 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_session_id_changes_at_login(client, alice):
    client.get(reverse("account_login"))
    _store(client, visited="yes")  # an anonymous session with a key of its own
    before = client.session.session_key
    assert Session.objects.filter(session_key=before).exists()

    log_in(client, alice)

    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()["_auth_user_id"] == str(alice.pk)


def test_logout_deletes_the_session_on_the_server(client, alice):
    log_in(client, alice)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not is_logged_in(client)


def test_stolen_cookie_is_useless_after_logout(client, alice):
    from django.test import Client

    log_in(client, alice)
    thief = Client()
    thief.cookies["sessionid"] = client.cookies["sessionid"].value
    assert is_logged_in(thief)
    client.post(reverse("account_logout"))
    assert not is_logged_in(thief)


def test_logout_needs_a_post(client, alice):
    log_in(client, alice)
    client.get(reverse("account_logout"))
    assert is_logged_in(client)


def test_each_request_extends_the_idle_timeout(client, alice):
    log_in(client, alice)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert is_logged_in(client)
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert remaining > timedelta(hours=1, minutes=55)


def test_reading_pages_do_not_write_the_session(client, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log_in(client, alice)
    assert is_logged_in(client)
    with CaptureQueriesContext(connection) as captured:
        assert is_logged_in(client)
    writes = [q["sql"] for q in captured if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []
    assert any(q["sql"].startswith("SELECT") and "django_session" in q["sql"] for q in captured)


def test_idle_session_expires(client, alice):
    log_in(client, alice)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not is_logged_in(client)


def test_absolute_lifetime_ends_even_an_active_session(client, alice, settings):
    log_in(client, alice)
    assert is_logged_in(client)
    started = client.session[SESSION_STARTED_KEY]
    assert abs(started - time.time()) < 60  # set at login

    _store(client, **{SESSION_STARTED_KEY: int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS + 60})
    assert is_logged_in(client)  # still within the lifetime

    _store(client, **{SESSION_STARTED_KEY: int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1})
    response = client.get(reverse("members:directory"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not is_logged_in(client)


def test_remembered_session_lives_until_the_longer_limit(client, alice, settings):
    log_in(client, alice, remember=True)
    _store(client, **{SESSION_STARTED_KEY: int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1})
    assert is_logged_in(client)
    _store(client, **{SESSION_STARTED_KEY: int(time.time()) - settings.SESSION_REMEMBER_SECONDS - 1})
    assert not is_logged_in(client)


def test_session_without_remember_me_gets_the_short_limit_whatever_the_login_path(client, alice, settings):
    """force_login (like the admin) sets no expiry: that must not mean "remembered"."""
    client.force_login(alice)
    _store(client, **{SESSION_STARTED_KEY: int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1})
    assert not is_logged_in(client)


def test_deactivated_member_is_logged_out_at_the_next_request(client, alice):
    log_in(client, alice)
    assert is_logged_in(client)
    alice.is_active = False
    alice.save()
    response = client.get(reverse("members:directory"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_deactivated_member_cannot_log_in(client, alice):
    alice.is_active = False
    alice.save()
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == reverse("account_inactive")
    assert "_auth_user_id" not in client.session
    assert not is_logged_in(client)
