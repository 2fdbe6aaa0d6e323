"""The API lists keep each entry's item until the entry or what it shows changes
(buyersgroup.entries.content.kept_items)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.documents import services as documents
from tests.entries.kinds import pdf_upload

pytestmark = pytest.mark.django_db
TENDERS = reverse("api:tender-list")


def _list(api, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(TENDERS, headers=headers)
    assert response.status_code == 200
    return response.json()["results"], len(captured)


def test_a_second_list_reads_only_the_keys_and_gives_the_same_items(api, publish):
    publish(title="Laptops Gent")
    publish(title="Servers Gent")
    _list(api)  # the token's first use of the minute is noted, once
    caches["entry_content"].clear()
    caches["search_counts"].clear()
    first, first_queries = _list(api)
    second, second_queries = _list(api)
    assert second == first and [item["title"] for item in second] == ["Servers Gent", "Laptops Gent"]
    # Not the tenders, their co-buyers, categories, CPV codes, criteria, suppliers and documents;
    # nor the count (kept too: test_kept_count.py).
    assert second_queries == first_queries - 8


def test_what_changed_shows_at_once(api, alice, publish):
    tender = publish(title="Laptops Gent")
    before, _ = _list(api)
    assert before[0]["documents"] == []

    tender.title = "Laptops Gent, lot 2"
    tender.save()
    # Documents are written without the tender (moved onto it when its revision is published).
    documents.attach(tender, pdf_upload("bestek.pdf"), doc_type="specification", language="nl", by=alice)
    tender.organisation.name = "Stad Gent (ICT)"
    tender.organisation.save()

    after, _ = _list(api)
    assert after[0]["title"] == "Laptops Gent, lot 2"
    assert [document["name"] for document in after[0]["documents"]] == ["bestek.pdf"]
    assert after[0]["organisation"]["name"] == "Stad Gent (ICT)"


def test_links_are_the_hosts_the_request_came_to(api, publish, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.be"]
    tender = publish(title="Laptops Gent")
    here, _ = _list(api)
    there, _ = _list(api, host="portal.example.be")
    assert here[0]["url"] == f"http://testserver/api/v1/tenders/{tender.pk}/"
    assert there[0]["url"] == f"http://portal.example.be/api/v1/tenders/{tender.pk}/"
