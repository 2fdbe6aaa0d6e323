"""A member's API tokens: made with a name, shown once, stored as a digest, seen, revoked."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from buyersgroup.api.models import ApiToken
from buyersgroup.core.models import SecurityEvent

pytestmark = pytest.mark.django_db
TOKENS = reverse("api:tokens")
TENDERS = reverse("api:tender-list")


def _secret(html: str) -> str:
    return re.search(r'<code id="new-token" class="secret">(bg_[\w-]+)</code>', html).group(1)


def test_member_creates_a_token_sees_it_once_and_it_works(client, alice):
    client.force_login(alice)
    response = client.post(TOKENS, {"name": "Monthly report"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your new token “Monthly report”" in html
    assert "Copy it now: it is shown only this once." in html
    secret = _secret(html)
    assert len(secret) > 40
    assert "no-store" in response["Cache-Control"]

    again = client.get(TOKENS).content.decode()
    assert secret not in again
    assert "Monthly report" in again and "never" in again  # listed, not yet used
    token = ApiToken.objects.get(member=alice)
    assert f"<code>{token.shown_start}…</code>" in again

    client.logout()
    answer = client.get(TENDERS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200 and answer.json()["results"] == []
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_database_holds_a_digest_never_the_secret(alice):
    token, secret = ApiToken.issue(alice, "Script")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored
    assert token.key_digest in stored and len(token.key_digest) == 64
    assert secret.startswith(token.shown_start) and len(token.shown_start) < 12


def test_revoked_token_answers_401_and_disappears_from_the_list(client, alice, token):
    row, secret = token
    client.force_login(alice)
    response = client.post(reverse("api:revoke", args=[row.pk]), follow=True)
    html = response.content.decode()
    assert "The token “Report script” is revoked: it no longer works." in html
    assert "You have no API tokens." in html
    client.logout()
    answer = client.get(TENDERS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 401
    assert answer.json() == {"detail": "This token is not valid: it may have been revoked."}
    assert answer["WWW-Authenticate"] == 'Bearer realm="api"'


def test_nobody_revokes_another_members_token(client, carol, token):
    client.force_login(carol)
    assert client.post(reverse("api:revoke", args=[token[0].pk])).status_code == 404
    token[0].refresh_from_db()
    assert token[0].revoked_at is None


def test_creation_and_revocation_go_to_the_security_log_without_the_secret(client, alice):
    client.force_login(alice)
    secret = _secret(client.post(TOKENS, {"name": "Script"}).content.decode())
    token = ApiToken.objects.get(member=alice)
    client.post(reverse("api:revoke", args=[token.pk]))
    events = list(SecurityEvent.objects.filter(kind__startswith="api_token").order_by("at", "pk"))
    assert [(e.kind, e.actor, e.detail) for e in events] == [
        ("api_token_created", alice, {"credential": token.pk, "name": "Script"}),
        ("api_token_revoked", alice, {"credential": token.pk, "name": "Script"}),
    ]
    assert secret not in str([e.detail for e in events])


def test_a_name_is_needed_and_not_twice(client, alice, token):
    client.force_login(alice)
    empty = client.post(TOKENS, {"name": "  "})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    twice = client.post(TOKENS, {"name": "report SCRIPT"}).content.decode()
    assert "You already have a token with this name." in twice
    assert ApiToken.objects.filter(member=alice).count() == 1


def test_at_most_ten_active_tokens(client, alice):
    for number in range(10):
        ApiToken.issue(alice, f"Script {number}")
    client.force_login(alice)
    html = client.post(TOKENS, {"name": "One more"}).content.decode()
    assert "You have 10 tokens, the most one may have. Revoke one you no longer use first." in html
    assert ApiToken.objects.filter(member=alice).count() == 10


def test_last_use_is_written_at_most_once_a_minute(client, alice, token):
    from datetime import timedelta

    from django.test.utils import CaptureQueriesContext

    row, secret = token
    client.get(TENDERS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    row.refresh_from_db()
    first = row.last_used_at
    with CaptureQueriesContext(connection) as queries:
        client.get(TENDERS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert not [q for q in queries if q["sql"].startswith('UPDATE "api_apitoken"')]
    row.refresh_from_db()
    assert row.last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(TENDERS, HTTP_AUTHORIZATION=f"Bearer {secret}")
    row.refresh_from_db()
    assert row.last_used_at > first


def test_profile_links_to_the_tokens_page(client, alice):
    client.force_login(alice)
    html = client.get(reverse("members:profile")).content.decode()
    assert f'<a href="{TOKENS}">API tokens</a>' in html


def test_tokens_page_is_for_members_only(client):
    response = client.get(TOKENS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
