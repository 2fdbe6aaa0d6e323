"""Rate limits on login and password reset (allauth), shared by every app server.

The counters live in the database cache, so a second gunicorn worker sees them,
and the client address is REMOTE_ADDR: a forged X-Forwarded-For changes nothing.
"""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.core.internal.httpkit import get_client_ip
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, MemberFactory

TOO_MANY = "Too many failed login attempts"


def log_in(client, email, password, forged_ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, HTTP_X_FORWARDED_FOR=forged_ip
    )


def fail_five_times(client, email):
    for attempt in range(5):
        response = log_in(client, email, f"wrong-password-{attempt}", forged_ip=f"198.51.100.{attempt}")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()


def test_limits_are_configured_on_a_shared_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    assert "5/m/key" in settings.ACCOUNT_RATE_LIMITS["reset_password"]
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_forwarded_for_header_is_ignored_without_trusted_proxies():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="192.0.2.10")
    assert get_client_ip(request) == "192.0.2.10"


def test_behind_one_trusted_proxy_the_address_it_added_counts(settings):
    """What production sets (TRUSTED_PROXY_COUNT=1 behind nginx): a forged left part is skipped."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5", REMOTE_ADDR="10.0.0.2")
    assert get_client_ip(request) == "203.0.113.5"


def test_failed_logins_for_one_address_are_limited_despite_forged_forwarded_for(client, alice):
    fail_five_times(client, alice.email)

    response = log_in(client, alice.email, PASSWORD, forged_ip="203.0.113.250")

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_members_are_not_locked_out_by_an_attack_on_one_address(client, alice, bob):
    fail_five_times(client, alice.email)
    assert log_in(client, bob.email, PASSWORD, forged_ip="203.0.113.9").status_code == 302


def test_failed_logins_from_one_client_are_limited_across_addresses(client, db):
    """10 failures a minute from one client, each with another forged X-Forwarded-For."""
    target = MemberFactory(email="target@example.be")
    for attempt in range(10):
        response = log_in(client, f"guess{attempt}@example.be", "wrong-password-x", forged_ip=f"198.51.100.{attempt}")
        assert TOO_MANY not in response.content.decode()
    response = log_in(client, target.email, PASSWORD, forged_ip="203.0.113.77")
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_are_limited(client, alice, mailoutbox):
    for attempt in range(5):
        response = client.post(
            reverse("account_reset_password"), {"email": alice.email}, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}"
        )
        assert response.status_code == 302
    refused = client.post(
        reverse("account_reset_password"), {"email": alice.email}, HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    assert refused.status_code == 429
    assert len(mailoutbox) == 5


def test_password_reset_answers_the_same_for_unknown_addresses(client, db, mailoutbox):
    """No account enumeration (SPEC §7): same redirect, and the same limit."""
    for _ in range(5):
        assert client.post(reverse("account_reset_password"), {"email": "nobody@example.be"}).status_code == 302
    assert client.post(reverse("account_reset_password"), {"email": "nobody@example.be"}).status_code == 429


def test_the_counter_is_in_the_database_not_in_the_process(client, alice, monkeypatch):
    fail_five_times(client, alice.email)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache WHERE cache_key LIKE %s", ["%allauth:rl:%login_failed%"])
        assert cursor.fetchone()[0] >= 2  # one row per rate: per IP and per address

    # Forget everything this process holds: a brand-new cache connection, as a new worker would have.
    caches.close_all()
    monkeypatch.setattr(allauth_ratelimit, "cache", caches.create_connection("default"))

    response = log_in(client, alice.email, PASSWORD, forged_ip="203.0.113.250")
    assert TOO_MANY in response.content.decode()


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


WORKER_SCRIPT = """
import json, sys
import django
django.setup()
from django.core.cache import cache
from django.test import Client
action, email = sys.argv[1], sys.argv[2]
if action == "clean-up":
    cache.clear()
    sys.exit()
outcomes = []
for attempt in range(int(action)):
    response = Client().post("/accounts/login/", {"login": email, "password": f"wrong-password-{attempt}"})
    outcomes.append("refused" if "Too many failed login attempts" in response.content.decode() else "wrong")
print(json.dumps(outcomes))
"""


@pytest.fixture
def worker(settings, transactional_db):
    """Run login attempts in another process, as another gunicorn worker would, on the test database.

    Its writes are committed (it is not inside this test's transaction): it clears the cache it
    filled, and the flush after this transactional test empties the security log (the log itself
    refuses deletes).
    """
    email = "nobody-at-all@example.be"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "buyersgroup.test_settings", "DATABASE_URL": _test_database_url()}

    def run(action):
        result = subprocess.run(
            [sys.executable, "-c", WORKER_SCRIPT, str(action), email],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if action != "clean-up" else None

    yield run
    run("clean-up")


def test_another_worker_process_sees_the_limit(worker):
    """Two separate processes, no shared memory: only the database cache connects them."""
    assert worker(5) == ["wrong"] * 5
    assert worker(1) == ["refused"]
