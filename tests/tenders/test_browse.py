"""The tender lists and the detail page: what members see, and constant query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from buyersgroup.documents import services as documents
from tests.tenders.factories import TenderFactory, apply_criterion


def _pdf(text):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return SimpleUploadedFile("spec.pdf", buffer.getvalue(), content_type="application/pdf")


def test_list_shows_published_tenders_newest_first(client, alice, carol, make_tender):
    from django.utils import timezone

    older = make_tender(status="published", title="Older tender", published_at=timezone.now() - timezone.timedelta(days=3))
    newer = make_tender(status="published", title="Newer tender", published_at=timezone.now())
    make_tender(status="draft", title="Secret draft")
    client.force_login(carol)
    page = client.get(reverse("tenders:list")).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "Secret draft" not in page


def test_my_organisation_lists_drafts_of_colleagues_only(client, alice, bob, carol, make_tender):
    make_tender(status="draft", title="Gent draft")
    TenderFactory(author=carol, status="draft", title="BOSA draft")
    client.force_login(bob)
    page = client.get(reverse("tenders:mine")).content.decode()
    assert "Gent draft" in page and "BOSA draft" not in page
    assert "Draft" in page


def test_list_paginates(client, carol, make_tender):
    for n in range(23):
        make_tender(status="published", title=f"Tender number {n:02d}")
    client.force_login(carol)
    first = client.get(reverse("tenders:list")).content.decode()
    second = client.get(reverse("tenders:list") + "?page=2").content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count("Tender number") == 20 and second.count("Tender number") == 3


def test_list_sends_words_filters_and_a_sort_it_does_not_apply_to_the_search_of_tenders(client, carol, make_tender):
    from urllib.parse import parse_qs, urlsplit

    make_tender(status="published", title="Awarded laptops", stage="awarded")
    make_tender(status="published", title="Planned laptops", stage="planned")
    client.force_login(carol)
    response = client.get(reverse("tenders:list"), {"stage": "awarded", "sort": "oldest", "page": "3", "kind": "practices"})
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("search:search")
    # the search of tenders, with the same filter and sort; the list's page number is not the search's
    assert parse_qs(target.query) == {"stage": ["awarded"], "sort": ["oldest"], "kind": ["tenders"]}
    page = client.get(response.url).content.decode()
    assert "Awarded laptops" in page and "Planned laptops" not in page
    # the list says where its filters are
    listed = client.get(reverse("tenders:list")).content.decode()
    assert f'<a href="{reverse("search:search")}?kind=tenders">Search and filter the tenders</a>' in listed


def test_list_keeps_its_own_parameters_and_ignores_empty_ones(client, alice, carol, make_tender):
    make_tender(status="published", title="Ghent tender")
    client.force_login(carol)
    for params in ({"organisation": alice.organisation_id}, {"page": "1"}, {"q": " ", "category": ""}, {"unknown": "x"}):
        response = client.get(reverse("tenders:list"), params)
        assert response.status_code == 200, params
        assert "Ghent tender" in response.content.decode()
    # the organisation the list filters by goes along with a filter it does not
    response = client.get(reverse("tenders:list"), {"organisation": alice.organisation_id, "q": "laptops"})
    assert response.status_code == 302
    assert f"organisation={alice.organisation_id}" in response.url and "q=laptops" in response.url


def _count_queries(client, url):
    """SQL statements of one page view. SAVEPOINT/RELEASE are left out: they exist only
    because each test runs inside a transaction."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for query in captured if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))


@pytest.mark.parametrize("view", ["tenders:list", "tenders:mine"])
def test_list_query_count_does_not_grow(client, alice, make_tender, view):
    client.force_login(alice)
    make_tender(status="published")
    few = _count_queries(client, reverse(view))
    for _ in range(12):
        tender = make_tender(status="published")
        apply_criterion(tender)
    many = _count_queries(client, reverse(view))
    assert few == many
    assert many <= 12


def test_detail_query_count_does_not_grow(client, alice, make_tender):
    """The criteria table, the summary strip (suppliers) and the key facts (started from) cost the same
    for a bare tender and a full one."""
    small = make_tender(status="published")
    source = make_tender(status="published", title="The tender it started from")
    big = make_tender(status="published", started_from=source, awarded_value=180000, bids_received=4)
    for code in ("CIRC-WARR", "CIRC-SPARE", "FAIR-EW", "CLIM-EE", "EOL-TAKEBACK"):
        apply_criterion(big, code, "contract_clause", None)
    apply_criterion(big, "CIRC-REFURB", "award", 20)
    for n in range(3):
        documents.attach(big, _pdf(f"document {n}"), doc_type="specification", language="nl", by=alice)
    for n, name in enumerate(("Econocom Products & Solutions Belux", "Signpost NV", "Bechtle NV")):
        big.awarded_suppliers.create(name=name, position=n)
    client.force_login(alice)
    few = _count_queries(client, reverse("tenders:detail", args=[small.pk]))
    many = _count_queries(client, reverse("tenders:detail", args=[big.pk]))
    page = client.get(reverse("tenders:detail", args=[big.pk])).content.decode()
    assert "Signpost NV" in page and "The tender it started from" in page and "CIRC-REFURB" in page
    assert few == many
    assert many <= 13


def test_detail_reads_well(client, alice, carol, make_tender):
    tender = make_tender(status="published", title="Smartphones with Electronics Watch")
    apply_criterion(tender, "FAIR-EW", "contract_clause", None, verification="monitoring", note="Factory disclosure.")
    apply_criterion(tender, "CIRC-WARR", "award", 15)
    documents.attach(tender, _pdf("specification"), doc_type="specification", language="fr", by=alice)
    client.force_login(carol)
    page = client.get(reverse("tenders:detail", args=[tender.pk])).content.decode()
    for text in ("Smartphones with Electronics Watch", "FAIR-EW", "Factory disclosure.", "15 %", "spec.pdf",
                 "Key facts", "Stad Gent", "Portable computers"):
        assert text in page.replace("&nbsp;", " "), text
    assert "Review history" not in page  # only for its authors and the coordinators


def test_review_queue_query_count_does_not_grow(client, cora, make_tender):
    make_tender(status="submitted")
    client.force_login(cora)
    few = _count_queries(client, reverse("entries:review_queue"))
    for _ in range(10):
        make_tender(status="submitted")
    many = _count_queries(client, reverse("entries:review_queue"))
    assert few == many <= 12


def test_review_queue_is_oldest_first_with_waiting_time(client, cora, make_tender):
    from django.utils import timezone

    recent = make_tender(status="submitted", title="Recent", submitted_at=timezone.now() - timezone.timedelta(hours=2))
    old = make_tender(status="submitted", title="Old", submitted_at=timezone.now() - timezone.timedelta(days=9))
    client.force_login(cora)
    page = client.get(reverse("entries:review_queue")).content.decode()
    assert page.index(old.title) < page.index(recent.title)
    assert "1\xa0week" in page and "2\xa0hours" in page


def test_history_query_count_does_not_grow(client, alice, cora, make_tender):
    from buyersgroup.moderation.services import transition

    short, long = make_tender(), make_tender()
    transition(short, "submit", alice)
    for action, by, comment in [("submit", alice, ""), ("request_changes", cora, "Weights?"), ("submit", alice, ""),
                                ("publish", cora, ""), ("archive", cora, "")]:
        long = transition(long, action, by, comment)
    client.force_login(alice)
    few = _count_queries(client, reverse("tenders:history", args=[short.pk]))
    many = _count_queries(client, reverse("tenders:history", args=[long.pk]))
    assert few == many <= 12
