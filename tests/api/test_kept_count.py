"""The number of matches of a list, with or without words, is kept by each app server until an entry of
its kind changes (buyersgroup.entries.changes): the API's lists do not count every published
tender on each request, and never give a number from before a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.documents import services as documents
from buyersgroup.moderation.services import transition
from tests.entries.kinds import pdf_upload
from tests.tenders.factories import TenderFactory

pytestmark = pytest.mark.django_db
TENDERS = reverse("api:tender-list")


def _count(api, query=""):
    """The list's count, and whether the database counted the matches for it."""
    with CaptureQueriesContext(connection) as captured:
        response = api.get(f"{TENDERS}?{query}")
    assert response.status_code == 200, response.content
    return response.json()["count"], any("COUNT(" in q["sql"] for q in captured)


def test_the_count_is_kept_until_a_tender_is_published_or_archived(api, alice, cora, publish):
    publish(title="Laptops Gent")
    publish(title="Servers Gent")
    assert _count(api) == (2, True)
    assert _count(api) == (2, False)
    assert _count(api, "page_size=1&sort=oldest") == (2, False)  # neither the page nor the order counts again
    assert _count(api, "procedure=restricted") == (0, True)  # another filter, another count

    waiting = TenderFactory(author=alice, status="submitted", title="Screens Gent")
    transition(waiting, "publish", cora)
    assert _count(api) == (3, True)
    assert _count(api) == (3, False)
    transition(waiting, "archive", cora, "A duplicate of the servers' tender.")
    assert _count(api) == (2, True)


def test_a_saved_change_or_a_document_changes_the_count_of_a_filter_at_once(api, alice, publish):
    tender = publish(title="Laptops Gent", procedure_type="restricted")
    assert _count(api, "procedure=open") == (0, True)
    assert _count(api, "has_documents=yes") == (0, True)

    tender.procedure_type = "open"
    tender.save()
    assert _count(api, "procedure=open") == (1, True)
    documents.attach(tender, pdf_upload("bestek.pdf"), doc_type="specification", language="nl", by=alice)
    assert _count(api, "has_documents=yes") == (1, True)
    assert _count(api, "has_documents=yes") == (1, False)


def test_a_count_with_words_is_kept_too(api, publish, settings):
    publish(title="Refurbished laptops")
    assert _count(api, "q=laptops") == (1, True)
    assert _count(api, "q=laptops") == (1, False)
    assert _count(api, "q=laptop") == (1, True)  # other words, another count
    publish(title="More laptops")
    assert _count(api, "q=laptops") == (2, True)
    settings.ENTRY_CONTENT_SECONDS = 0  # nothing kept
    assert _count(api) == (2, True)
    assert _count(api) == (2, True)
