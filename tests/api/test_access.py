"""Who gets data: an active member's valid token only. Everyone else gets 401 and a JSON error.

Every API address × every kind of caller, written out (the entry matrix's idea: a new
address fails the walk in tests/core/test_security_urls.py until it is listed).
"""

import pytest
from django.urls import reverse

from buyersgroup.api.models import ApiToken
from buyersgroup.core.models import SecurityEvent
from buyersgroup.members import services

pytestmark = pytest.mark.django_db

URLS = ["api:tender-list", "api:practice-list", "api:criterion-list", "api:category-list", "api:organisation-list",
        "api:schema"]
NO_TOKEN = "Send your API token: Authorization: Bearer <token>."
NOT_VALID = "This token is not valid: it may have been revoked."


def _get(client, name, header=None):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    return client.get(reverse(name), **extra)


@pytest.mark.parametrize("name", URLS)
def test_every_address_answers_401_without_a_valid_token(client, alice, publish, token, name):
    publish(title="Secret-free but members-only")
    row, secret = token
    cases = {
        None: NO_TOKEN,
        "": NO_TOKEN,
        "Basic YWxpY2U6cGFzc3dvcmQ=": NO_TOKEN,
        "Bearer": "Give the token after “Bearer ”, with no spaces in it.",
        "Bearer bg_unknown": NOT_VALID,
        "Bearer " + secret[:-1]: NOT_VALID,
        f"Bearer {secret} extra": "Give the token after “Bearer ”, with no spaces in it.",
    }
    for header, message in cases.items():
        answer = _get(client, name, header)
        assert answer.status_code == 401, header
        assert answer.json() == {"detail": message}, header
        assert "Secret-free" not in answer.content.decode()
    assert _get(client, name, f"Bearer {secret}").status_code == 200
    assert _get(client, name, f"Token {secret}").status_code == 200  # DRF's own keyword


def test_a_deactivated_members_tokens_stop_working(client, alice, cora, token):
    secret = token[1]
    assert _get(client, "api:tender-list", f"Bearer {secret}").status_code == 200
    services.deactivate(alice, by=cora)
    answer = _get(client, "api:tender-list", f"Bearer {secret}")
    assert answer.status_code == 401 and answer.json() == {"detail": NOT_VALID}


def test_a_logged_in_session_is_not_a_token(client, alice):
    client.force_login(alice)
    answer = _get(client, "api:tender-list")
    assert answer.status_code == 401 and answer.json() == {"detail": NO_TOKEN}


def test_the_schema_is_also_for_a_member_logged_in_to_the_portal(client, alice):
    client.force_login(alice)
    assert _get(client, "api:schema").json()["openapi"].startswith("3.")


def test_rate_limit_per_token_429_with_retry_after(client, alice, bob, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api": "3/m/key"}
    _row, first = ApiToken.issue(alice, "One")
    _row, second = ApiToken.issue(bob, "Other")
    for _ in range(3):
        assert _get(client, "api:criterion-list", f"Bearer {first}").status_code == 200
    refused = _get(client, "api:criterion-list", f"Bearer {first}")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests with this token. Try again in ")
    assert "results" not in refused.json()
    assert _get(client, "api:criterion-list", f"Bearer {second}").status_code == 200  # each token its own
    event = SecurityEvent.objects.get(kind="rate_limited")
    assert event.actor == alice and event.detail["action"] == "api"
    _get(client, "api:criterion-list", f"Bearer {first}")
    assert SecurityEvent.objects.filter(kind="rate_limited").count() == 1  # one line per window


@pytest.mark.parametrize("name", ["api:tender-list", "api:practice-list"])
def test_list_query_counts_do_not_grow_with_the_page(client, alice, publish, token, name,
                                                     django_assert_max_num_queries):
    from buyersgroup.documents import services as documents
    from buyersgroup.taxonomy.models import Criterion, ProductCategory
    from tests.entries.kinds import pdf_upload
    from tests.tenders.factories import apply_criterion

    kind = "tender" if name == "api:tender-list" else "practice"
    category = ProductCategory.objects.first()
    for number in range(12):
        entry = publish(kind=kind, title=f"Laptops {number}", summary="Refurbished laptops.")
        entry.categories.add(category)
        if kind == "tender":
            apply_criterion(entry, code=Criterion.objects.first().code)
            entry.awarded_suppliers.create(name=f"Supplier {number}")
        else:
            entry.criteria.add(Criterion.objects.first())
        documents.attach(entry, pdf_upload(), doc_type="specification", language="nl", by=alice)
    secret = token[1]
    _get(client, name, f"Bearer {secret}")  # last use written: not counted below

    def count(size):
        with django_assert_max_num_queries(16) as queries:  # token, rate, search, count, page, related rows
            answer = client.get(f"{reverse(name)}?q=laptops&page_size={size}", HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert len(answer.json()["results"]) == size
        assert all(row["documents"] and row["categories"] and row["criteria"] for row in answer.json()["results"])
        return len(queries)

    small, large = count(2), count(12)
    assert large <= small  # no query per row


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "cora"])
def test_every_persona_reads_published_entries_only(client, request, persona, publish, alice):
    """Author, colleague, other organisation, coordinator: the API is the published portal for all."""
    from buyersgroup.moderation.models import Status
    from tests.practices.factories import PracticeFactory
    from tests.tenders.factories import TenderFactory

    published = publish(title="Published")
    practice = publish(kind="practice", title="Published practice")
    for state in (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.ARCHIVED):
        TenderFactory(author=alice, status=state)
        PracticeFactory(author=alice, status=state)
    TenderFactory(author=alice, status=Status.SUBMITTED, revision_of=published)
    _row, secret = ApiToken.issue(request.getfixturevalue(persona), "Script")
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    tenders = client.get(reverse("api:tender-list") + "?page_size=100", **header).json()
    practices = client.get(reverse("api:practice-list") + "?page_size=100", **header).json()
    assert [row["id"] for row in tenders["results"]] == [published.pk] and tenders["count"] == 1
    assert [row["id"] for row in practices["results"]] == [practice.pk] and practices["count"] == 1
