"""Kept rows of the entry lists (buyersgroup.entries.rows): read in full once, shown as they are now."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import ProductCategory
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory


@pytest.fixture(autouse=True)
def empty_cache():
    caches["template_fragments"].clear()
    yield
    caches["template_fragments"].clear()


def _rows(client, url) -> tuple[list[str], int]:
    """The list's rows as text (one string a row), and the queries the page ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<li class="card result">(.*?)</li>\s*(?=<li class="card result">|</ul>)', page, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    return texts, sum(1 for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))


@pytest.fixture
def tenders(alice):
    laptops = ProductCategory.objects.get(slug="laptops")
    made = []
    for n in range(3):
        tender = TenderFactory(author=alice, status=Status.PUBLISHED, title=f"Laptops lot {n}")
        tender.categories.set([laptops])
        made.append(tender)
    return made


def test_a_second_view_reads_only_the_pages_ids_and_shows_the_same_rows(client, carol, tenders):
    client.force_login(carol)
    first, first_queries = _rows(client, reverse("tenders:list"))
    second, second_queries = _rows(client, reverse("tenders:list"))

    assert second == first
    assert [row.split(" Stad Gent")[0] for row in second] == ["Laptops lot 2", "Laptops lot 1", "Laptops lot 0"]
    assert second_queries == first_queries - 2  # not the rows, not their categories


def test_a_changed_tender_shows_at_once_and_only_its_row_is_read(client, carol, tenders):
    client.force_login(carol)
    _rows(client, reverse("tenders:list"))
    tenders[1].title = "Laptops lot 1, with a take-back clause"
    tenders[1].save()

    rows, _ = _rows(client, reverse("tenders:list"))
    assert rows[1].startswith("Laptops lot 1, with a take-back clause")
    assert rows[0].startswith("Laptops lot 2") and rows[2].startswith("Laptops lot 0")


def test_names_changed_through_this_server_show_at_once(client, carol, tenders):
    client.force_login(carol)
    _rows(client, reverse("tenders:list"))
    organisation = tenders[0].organisation
    organisation.name = "Stad Gent (ICT)"
    organisation.save()
    category = ProductCategory.objects.get(slug="laptops")
    category.name_en = "Laptops and notebooks"
    category.save()

    rows, _ = _rows(client, reverse("tenders:list"))
    assert all("Stad Gent (ICT)" in row and row.endswith("Laptops and notebooks") for row in rows)


def test_the_review_state_shows_in_my_organisations_list(client, alice, tenders):
    client.force_login(alice)
    draft = TenderFactory(author=alice, status=Status.DRAFT, title="Desktops")
    rows, _ = _rows(client, reverse("tenders:mine"))
    assert "Draft" in rows[0]
    type(draft).objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)  # the state is in the key

    rows, _ = _rows(client, reverse("tenders:mine"))
    assert rows[0].startswith("Desktops") and "Submitted" in rows[0]
    # The published list's rows of the same tenders show no state.
    published, _ = _rows(client, reverse("tenders:list"))
    assert not any("Published" in row for row in published)


def test_each_language_has_its_own_rows(client, carol, tenders):
    client.force_login(carol)
    english, _ = _rows(client, reverse("tenders:list"))
    client.cookies["django_language"] = "nl"
    dutch, _ = _rows(client, reverse("tenders:list"))
    assert "Open procedure" in english[0]
    assert "Openbare procedure" in dutch[0]


def test_practice_rows_are_kept_too(client, alice, carol):
    practice = PracticeFactory(author=alice, status=Status.PUBLISHED, title="Take-back clause")
    client.force_login(carol)
    first, first_queries = _rows(client, reverse("practices:list"))
    second, second_queries = _rows(client, reverse("practices:list"))
    assert second == first and first[0].startswith("Take-back clause")
    assert second_queries == first_queries - 1

    practice.title = "Take-back clause, second version"
    practice.save()
    assert _rows(client, reverse("practices:list"))[0][0].startswith("Take-back clause, second version")


def test_not_kept_when_switched_off(client, carol, tenders, settings):
    settings.ENTRY_CONTENT_SECONDS = 0
    client.force_login(carol)
    _, first = _rows(client, reverse("tenders:list"))
    _, second = _rows(client, reverse("tenders:list"))
    assert first == second
