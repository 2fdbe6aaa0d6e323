"""Rate limits on costly or sensitive endpoints (core.ratelimits): downloads, lookups, exports, comments, invitations.

Counted in PostgreSQL, one statement per use: they hold across worker processes and
app servers, and ignore a forged X-Forwarded-For.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from datetime import timedelta

import pytest
from allauth.core.internal import ratelimit as counters
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import include, path, reverse
from django.utils import timezone

from buyersgroup.core import ratelimits
from buyersgroup.core.models import RateCount, SecurityEvent
from buyersgroup.core.ratelimits import rate_limited
from buyersgroup.documents import services as documents
from buyersgroup.env import env_rates
from tests.core.test_security_ratelimits import _test_database_url
from tests.documents import files
from tests.documents.conftest import make_tender

TOO_MANY = "Too many attempts"


@rate_limited("comment", methods=("POST",))
def comment(request):
    """What the comments feature will look like: only posting a comment counts."""
    return HttpResponse("comment saved")


urlpatterns = [path("comment/", comment), path("", include("buyersgroup.urls"))]


def limit(settings, action, rates):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, action: rates}


def assert_refused(response, within=60):
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert 'class="skip-link"' in response.content.decode(), "the portal's own page"
    assert 1 <= int(response["Retry-After"]) <= within
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def document(alice):
    return documents.attach(
        make_tender(alice), files.upload("spec.pdf", files.pdf_bytes()), doc_type="specification", language="en", by=alice
    )


# --- Settings ---------------------------------------------------------------------------------------------


def test_every_limit_is_a_documented_setting(settings):
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert set(settings.PORTAL_RATE_LIMITS) == {"download", "lookup", "search", "export", "comment", "invitation", "api",
                                                 "open_data"}
    for action, rates in settings.PORTAL_RATE_LIMITS.items():
        assert counters.parse_rates(rates), action
        assert f"`RATE_LIMIT_{action.upper()}`" in readme and f"`{rates}`" in readme
    assert settings.PORTAL_RATE_LIMITS["download"] == "30/m/user,300/h/user"


def test_a_malformed_limit_stops_the_start(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_DOWNLOAD", "lots")
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_DOWNLOAD"):
        env_rates("RATE_LIMIT_DOWNLOAD", "30/m/user")
    monkeypatch.setenv("RATE_LIMIT_DOWNLOAD", "10/m/user, 100/h/user")
    assert env_rates("RATE_LIMIT_DOWNLOAD", "30/m/user") == "10/m/user, 100/h/user"


def test_an_action_without_a_limit_is_a_programming_error(client, alice, settings):
    settings.PORTAL_RATE_LIMITS = {key: value for key, value in settings.PORTAL_RATE_LIMITS.items() if key != "lookup"}
    client.force_login(alice)
    with pytest.raises(KeyError, match="lookup"):
        client.get(reverse("taxonomy:cpv_lookup"), {"q": "laptop"})


# --- Downloads ------------------------------------------------------------------------------------------


def test_downloads_are_limited_per_member_whatever_the_forwarded_for(client, alice, bob, document, settings):
    limit(settings, "download", "3/m/user,5/h/user")
    url = reverse("documents:download", args=[document.pk])
    client.force_login(alice)
    for attempt in range(3):
        assert client.get(url, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}").status_code == 200
    assert_refused(client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7"))

    client.force_login(bob)  # a colleague is not held back by alice's downloads
    assert client.get(url).status_code == 200


def test_the_hourly_download_limit_says_how_long_to_wait(client, alice, document, settings):
    limit(settings, "download", "100/m/user,2/h/user")
    url = reverse("documents:download", args=[document.pk])
    client.force_login(alice)
    client.get(url), client.get(url)
    refused = client.get(url)
    assert_refused(refused, within=3600)
    assert int(refused["Retry-After"]) > 3500
    assert "You can try again in about 60 minutes." in refused.content.decode()


def test_probing_ids_counts_too(client, alice, settings):
    """A script walking document ids gets 404s, and gets stopped all the same."""
    limit(settings, "download", "3/m/user")
    client.force_login(alice)
    for pk in range(1, 4):
        assert client.get(reverse("documents:download", args=[10_000 + pk])).status_code == 404
    assert_refused(client.get(reverse("documents:download", args=[10_004])))


def test_a_refusal_is_in_the_security_log_once_per_window(client, alice, document, settings):
    limit(settings, "download", "1/m/user")
    url = reverse("documents:download", args=[document.pk])
    client.force_login(alice)
    client.get(url)
    for _ in range(5):
        assert client.get(url).status_code == 429
    event = SecurityEvent.objects.get(kind="rate_limited")
    assert event.actor == alice
    assert event.detail["action"] == "download"
    assert event.path == url


# --- Lookups, exports, comments, invitations ------------------------------------------------------------


def test_cpv_lookup_and_suggestions_share_one_limit(client, alice, settings):
    limit(settings, "lookup", "3/m/user")
    client.force_login(alice)
    assert client.get(reverse("taxonomy:cpv_lookup"), {"q": "laptop"}).status_code == 200
    assert client.get(reverse("taxonomy:cpv_search"), {"q": "lapt"}).status_code == 200
    assert client.get(reverse("taxonomy:cpv_search"), {"q": "laptop", "format": "json"}).status_code == 200
    assert_refused(client.get(reverse("taxonomy:cpv_search"), {"q": "laptop", "format": "json"}))


def test_personal_data_exports_are_limited(client, alice, settings):
    limit(settings, "export", "2/h/user")
    client.force_login(alice)
    assert client.get(reverse("members:personal_data")).status_code == 200
    assert client.get(reverse("members:personal_data")).status_code == 200
    assert_refused(client.get(reverse("members:personal_data")), within=3600)


def test_searches_are_limited_per_member(client, alice, bob, settings):
    limit(settings, "search", "3/m/user")
    client.force_login(alice)
    for words in ("laptops", "printers", "screens"):
        assert client.get(reverse("search:search"), {"q": words}).status_code == 200
    refused = client.get(reverse("search:search"), {"q": "servers", "partial": "1"})  # an in-place update too
    assert_refused(refused)
    client.force_login(bob)  # a colleague is not held back
    assert client.get(reverse("search:search"), {"q": "servers"}).status_code == 200


def test_search_result_exports_are_limited(client, alice, settings):
    limit(settings, "export", "2/h/user")
    client.force_login(alice)
    url = reverse("search:export", args=["csv"]) + "?q=laptops"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        b"".join(response.streaming_content)
    assert_refused(client.get(url), within=3600)
    assert client.get(reverse("search:search") + "?q=laptops").status_code == 200, "the search page has its own limit"


@pytest.mark.urls(__name__)
def test_comments_are_limited_when_posted_not_when_read(client, alice, settings):
    limit(settings, "comment", "2/m/user")
    client.force_login(alice)
    for _ in range(5):
        assert client.get("/comment/").status_code == 200
    assert client.post("/comment/").content == b"comment saved"
    assert client.post("/comment/").content == b"comment saved"
    assert_refused(client.post("/comment/"))


def test_sending_invitations_is_limited(client, cora, gent, settings, mailoutbox):
    limit(settings, "invitation", "2/h/user")
    client.force_login(cora)
    for number in range(2):
        response = client.post(
            reverse("members:invite"),
            {"email": f"new{number}@stad.gent", "first_name": "New", "last_name": "Member", "organisation": gent.pk,
             "role": "member", "language": "nl"},
        )
        assert response.status_code == 302
    assert client.get(reverse("members:invite")).status_code == 200, "reading the page is not limited"
    refused = client.post(reverse("members:invite"), {"email": "new9@stad.gent", "organisation": gent.pk})
    assert_refused(refused, within=3600)
    assert len(mailoutbox) == 2


def test_counting_is_one_statement_and_an_ended_window_starts_again(alice, settings, django_assert_num_queries):
    limit(settings, "lookup", "5/m/user,50/h/user")
    RateCount.objects.create(scope=f"lookup:5/60:user:{alice.pk}", window_end=timezone.now() - timedelta(minutes=3),
                             hits=5)
    request = RequestFactory().get("/")
    request.user = alice
    with django_assert_num_queries(1):
        assert ratelimits.refused_for(request, "lookup") is None
    assert sorted(RateCount.objects.filter(scope__endswith=f"user:{alice.pk}").values_list("scope", "hits")) == [
        (f"lookup:5/60:user:{alice.pk}", 1), (f"lookup:50/3600:user:{alice.pk}", 1)]
    for _ in range(4):
        assert ratelimits.refused_for(request, "lookup") is None
    assert 1 <= ratelimits.refused_for(request, "lookup") <= 60  # the sixth this minute
    assert RateCount.objects.get(scope=f"lookup:50/3600:user:{alice.pk}").hits == 6  # every try counts


def test_the_clean_up_deletes_ended_windows_only(alice):
    from django.core.management import call_command

    ended = RateCount.objects.create(scope="lookup:5/60:user:1", window_end=timezone.now() - timedelta(seconds=1))
    running = RateCount.objects.create(scope="lookup:5/60:user:2", window_end=timezone.now() + timedelta(seconds=30))
    call_command("prune_rate_counts", verbosity=0)
    assert list(RateCount.objects.values_list("pk", flat=True)) == [running.pk]
    assert not RateCount.objects.filter(pk=ended.pk).exists()


# --- Two processes sharing the cache -----------------------------------------------------------------------

WORKER_SCRIPT = """
import json, sys
import django
django.setup()
from django.test import Client
from buyersgroup.members.models import Member
action, email = sys.argv[1], sys.argv[2]
if action == "clean-up":
    from buyersgroup.core.models import RateCount
    RateCount.objects.all().delete()
    Member.objects.filter(email=email).delete()
    sys.exit()
member, _ = Member.objects.get_or_create(email=email)
client = Client()
client.force_login(member)
statuses = []
for attempt in range(int(action)):
    response = client.get("/reference/cpv/lookup/", {"q": "laptop"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    statuses.append(response.status_code)
print(json.dumps(statuses))
"""


@pytest.fixture
def worker(settings, transactional_db):
    """Lookups in another process, as another gunicorn worker would make them, on the test database.

    Its writes are committed (it is not inside this test's transaction): the flush after this
    transactional test empties the security log, which itself refuses deletes.

    Its limit comes from the environment (RATE_LIMIT_LOOKUP), the way production sets it.
    """
    email = "ratelimit-worker@example.be"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buyersgroup.test_settings",
        "DATABASE_URL": _test_database_url(),
        "RATE_LIMIT_LOOKUP": "3/m/user",
    }

    def run(action):
        result = subprocess.run(
            [sys.executable, "-c", WORKER_SCRIPT, str(action), email],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if action != "clean-up" else None

    yield run
    run("clean-up")


def test_a_second_process_sees_the_limit_the_first_one_used_up(worker):
    assert worker(2) == [200, 200]
    assert worker(2) == [200, 429]


@pytest.mark.django_db
def test_counting_does_not_wait_for_the_disk():
    """The counts are written on every search, export and API call: an UNLOGGED table (no WAL, no
    flush at commit). A crash of PostgreSQL starts them again, which a window of minutes can afford."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [RateCount._meta.db_table])
        assert cursor.fetchone() == ("u",)
