"""The kept parts of a published entry's page (buyersgroup.entries.content): read once, shown to
every reader, never stale for what the page shows."""

import re

import pytest
from django.core.cache import caches
from django.test.utils import CaptureQueriesContext
from django.db import connection

from buyersgroup.documents import services
from buyersgroup.documents.models import Document, Extraction
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import ProductCategory
from tests.documents import files
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory, apply_criterion


@pytest.fixture(autouse=True)
def empty_cache():
    caches["entry_content"].clear()
    yield
    caches["entry_content"].clear()


def _view(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    queries = sum(1 for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))
    return response.content.decode(), queries


def _facts(page: str) -> str:
    """The key facts as text: labels and values, one per line."""
    block = re.search(r'<aside class="detail-side card".*?</aside>', page, re.S).group(0)
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"<[^>]+>", "\n", block)).strip()


def _document_rows(page: str) -> list[str]:
    rows = re.findall(r'<tr id="document-\d+">(.*?)</tr>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


@pytest.fixture
def tender(alice):
    tender = TenderFactory(author=alice, status=Status.PUBLISHED, title="Refurbished laptops for schools")
    tender.categories.set([ProductCategory.objects.get(slug="laptops")])
    apply_criterion(tender)
    return tender


def test_a_second_view_reads_none_of_what_the_kept_parts_show_and_shows_the_same(client, alice, carol, tender):
    client.force_login(carol)
    _view(client, TenderFactory(author=alice, status=Status.PUBLISHED).get_absolute_url())  # first-use lookups
    first, first_queries = _view(client, tender.get_absolute_url())
    second, second_queries = _view(client, tender.get_absolute_url())

    assert second == first.replace(_csrf(first), _csrf(second))
    # The co-buyers, categories, CPV codes, documents, suppliers, criteria and linked practices: 7 fewer.
    assert second_queries == first_queries - 7
    assert "Laptops" in _facts(second)
    assert "CIRC-WARR" in second


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_each_language_has_its_own_parts(client, carol, tender):
    client.force_login(carol)
    english, _ = _view(client, tender.get_absolute_url())
    client.cookies["django_language"] = "nl"
    dutch, _ = _view(client, tender.get_absolute_url())

    assert "Key facts" in _facts(english)
    assert "Kerngegevens" in _facts(dutch)
    assert "Procedure\nOpen procedure" in _facts(english)
    assert "Openbare procedure" in _facts(dutch)


def test_a_change_of_the_entry_shows_at_once(client, carol, tender):
    client.force_login(carol)
    _view(client, tender.get_absolute_url())
    tender.summary = "Now with a seven-year warranty."
    tender.bids_received = 4
    tender.save()  # as a published revision does, with its related rows

    page, _ = _view(client, tender.get_absolute_url())
    assert "Now with a seven-year warranty." in page
    assert "Bids received\n4" in _facts(page)


def test_a_document_whose_text_is_read_after_publication_shows_it(client, alice, carol, tender):
    document = services.attach(tender, files.upload("bestek.pdf", files.pdf_bytes()), doc_type="specification",
                               language="nl", by=alice)
    Document.objects.filter(pk=document.pk).update(extraction_status=Extraction.PENDING)
    client.force_login(carol)
    before, _ = _view(client, tender.get_absolute_url())
    assert "being read" in _document_rows(before)[0]

    # The extraction task writes the document, not the tender.
    Document.objects.filter(pk=document.pk).update(extraction_status=Extraction.FAILED)
    after, _ = _view(client, tender.get_absolute_url())
    assert "No text could be read" in _document_rows(after)[0]


def test_names_changed_through_this_server_show_at_once(client, alice, carol, tender):
    client.force_login(carol)
    _view(client, tender.get_absolute_url())
    organisation = tender.organisation
    organisation.name = "Stad Gent (ICT)"
    organisation.save()
    category = ProductCategory.objects.get(slug="laptops")
    category.name_en = "Laptops and notebooks"
    category.save()
    alice.last_name = "Aerts-De Smet"
    alice.save()

    facts = _facts(_view(client, tender.get_absolute_url())[0])
    assert "Buyer\nStad Gent (ICT)" in facts
    assert "Laptops and notebooks" in facts
    assert "Alice Aerts-De Smet" in facts


def test_a_login_keeps_the_parts(client, alice, carol, tender):
    client.force_login(carol)
    _view(client, tender.get_absolute_url())
    client.force_login(alice)  # writes alice's last_login only
    client.force_login(carol)
    _, queries = _view(client, tender.get_absolute_url())
    assert queries == _view(client, tender.get_absolute_url())[1]


def test_the_tender_it_started_from_is_shown_only_to_who_may_open_it(client, alice, bob, carol, tender):
    source = TenderFactory(author=alice, status=Status.DRAFT, title="The draft of Gent")
    tender.started_from = source
    tender.save()

    client.force_login(bob)  # same organisation: may open the draft
    assert "Started from\nThe draft of Gent" in _facts(_view(client, tender.get_absolute_url())[0])
    client.force_login(carol)  # another organisation: may not
    assert "Started from" not in _facts(_view(client, tender.get_absolute_url())[0])
    client.force_login(bob)
    assert "Started from\nThe draft of Gent" in _facts(_view(client, tender.get_absolute_url())[0])


def test_drafts_are_read_on_each_view(client, alice):
    draft = TenderFactory(author=alice, status=Status.DRAFT)
    client.force_login(alice)
    _, first = _view(client, draft.get_absolute_url())
    _, second = _view(client, draft.get_absolute_url())
    assert first == second


def test_not_kept_when_switched_off(client, carol, tender, settings):
    settings.ENTRY_CONTENT_SECONDS = 0
    client.force_login(carol)
    _, first = _view(client, tender.get_absolute_url())
    _, second = _view(client, tender.get_absolute_url())
    assert first == second


def test_a_practice_shows_its_linked_tenders_as_they_are_now(client, alice, carol, tender):
    practice = PracticeFactory(author=alice, status=Status.PUBLISHED)
    practice.related_tenders.set([tender])
    client.force_login(carol)
    assert "Refurbished laptops for schools" in _facts(_view(client, practice.get_absolute_url())[0])

    tender.title = "Refurbished laptops for all schools"
    tender.save()
    assert "Refurbished laptops for all schools" in _facts(_view(client, practice.get_absolute_url())[0])

    tender.status = Status.ARCHIVED
    tender.save()
    assert "Related tenders" not in _facts(_view(client, practice.get_absolute_url())[0])


def test_the_empty_comment_form_is_one_piece_in_the_readers_language(client, carol, tender):
    client.force_login(carol)
    english, _ = _view(client, tender.get_absolute_url())
    client.cookies["django_language"] = "nl"
    dutch, _ = _view(client, tender.get_absolute_url())

    def fields(page):
        form = re.search(r'<form method="post" action="[^"]*" class="comment-form".*?</form>', page, re.S).group(0)
        return " ".join(re.sub(r"<[^>]+>", " ", form).split())

    assert "This is * Question Answer Your question or answer *" in fields(english)
    assert "Vraag" in fields(dutch) and "Question Answer" not in fields(dutch)


def test_the_page_reads_of_its_people_only_what_shows_them(client, alice, carol, tender):
    tender.contact = alice
    tender.save()
    client.force_login(carol)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(tender.get_absolute_url()).content.decode()
    main = next(q["sql"] for q in captured if 'FROM "tenders_tender"' in q["sql"] and "LEFT OUTER JOIN" in q["sql"])
    assert '"password"' not in main and '"ask_me_about"' not in main
    assert "Contact\nAlice Aerts" in _facts(page)


def test_a_tender_shows_the_practices_linking_to_it_as_they_are_now(client, alice, carol, tender):
    client.force_login(carol)
    assert "Lessons learned from this tender" not in _view(client, tender.get_absolute_url())[0]
    practice = PracticeFactory(author=alice, status=Status.PUBLISHED, title="What we learned")
    practice.related_tenders.set([tender])  # the tender itself is not saved
    assert "What we learned" in _view(client, tender.get_absolute_url())[0]

    practice.title = "What we learned, one year on"
    practice.save()
    assert "What we learned, one year on" in _view(client, tender.get_absolute_url())[0]
    practice.status = Status.ARCHIVED
    practice.save()
    assert "Lessons learned from this tender" not in _view(client, tender.get_absolute_url())[0]
