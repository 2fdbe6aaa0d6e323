"""Insights: every figure against the same figure computed in plain Python; filters; small numbers; CSV = table."""

import csv
import io
import re
from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.insights import figures
from buyersgroup.insights.figures import FIGURES, SMALL_NUMBERS, Insights
from buyersgroup.insights.models import DocumentDownloads
from buyersgroup.members.models import Organisation
from buyersgroup.moderation.models import Status
from practices.models import Practice
from tenders.models import Tender
from tests.insights import expected
from tests.tenders.factories import TenderFactory, apply_criterion

URL = "/insights/"


def _download_all(client, world):
    """Two downloads of the Gent tender's document, one of Liège's, one of the practice's: 4 in all."""
    for document in (world["documents"][0], world["documents"][0], world["documents"][1], world["documents"][2]):
        assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def _published(model, **narrow):
    return list(model.objects.filter(status=Status.PUBLISHED, revision_of__isnull=True, **narrow)
                .select_related("organisation").order_by("pk"))


def _rows_of(params, user):
    insights = Insights(params, user)
    return {slug: compute(insights) for slug, compute in FIGURES.items()}


def _query(**params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, values in params.items():
        query.setlist(name, values if isinstance(values, list) else [values])
    return query


def _page_tables(response) -> dict[str, list[list[str]]]:
    """Each shown figure's table, as read on the page: the header, then the rows (cell texts)."""
    html = lxml.html.fromstring(response.content.decode())
    tables = {}
    for section in html.xpath("//section[contains(@class, 'figure')]"):
        table = section.xpath(".//table")
        if table:
            tables[section.get("id")] = [[cell.text_content().strip() for cell in row.xpath("th|td")]
                                         for row in table[0].xpath(".//tr")]
    return tables


def _csv(client, slug, query="") -> list[list[str]]:
    response = client.get(reverse("insights:csv", args=[slug]) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _plain(cell: str) -> str:
    """A table cell as English writes it (€1,234 · 12% · 1,234.5), back to the CSV's plain number."""
    if cell == "–":
        return ""
    return re.sub(r"[€,%\s\xa0]", "", cell) if re.fullmatch(r"[€\d,.%\s\xa0]+", cell) else cell


def test_every_figure_equals_the_same_figure_computed_in_python(client, world, alice):
    client.force_login(alice)
    _download_all(client, world)
    tenders, practices = _published(Tender), _published(Practice)
    assert len(tenders) == 11 and len(practices) == 6  # drafts, changes requested and pending edits left out
    want = expected.every_figure(tenders, practices, set(Organisation.objects.all()))
    got = _rows_of(_query(), alice)
    for slug in FIGURES:
        assert got[slug].rows == want[slug], slug
    # Spot checks of what the fixture was built to show.
    assert got["tenders-per-year"].rows[0] == ["2023", 3, 90_000 + 200_000 + 39_999, 3]
    assert got["bids"].rows[0][:3] == ["With fair or social criteria", 5, figures.one_decimal(4)]  # 1, 3, 4, 7, 12
    assert ["2026", 0, 0, 4] in got["activity"].rows  # this year's downloads: 2 + 1 + 1
    assert got["active-members"].basis == 6  # the inactive account is not a member any more


def test_the_page_shows_each_figure_as_its_table(client, world, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    tables = _page_tables(response)
    insights = Insights(_query(), alice)
    assert set(tables) == set(FIGURES)
    for slug, compute in FIGURES.items():
        figure = compute(insights)
        assert tables[slug][0] == [c.label for c in figure.columns], slug
        assert tables[slug][1:] == figure.display_rows(), slug
    page = response.content.decode()
    assert "Based on 11 tenders." in page
    assert "Based on 6 practices." in page
    assert "€413,000" in page  # the value of 2025's tenders: 58,000 + 280,000 + 75,000 (awarded), one without


def test_the_csv_of_each_figure_equals_its_table(client, world, alice):
    client.force_login(alice)
    _download_all(client, world)
    query = "?region=flanders&region=wallonia&region=national"
    tables = _page_tables(client.get(URL + query))
    for slug in FIGURES:
        rows = _csv(client, slug, query)
        table = tables[slug]
        assert rows[0] == table[0], slug
        assert len(rows) == len(table), slug
        for csv_row, table_row in zip(rows[1:], table[1:]):
            assert csv_row[0] == table_row[0], slug
            assert csv_row[1:] == [_plain(cell) for cell in table_row[1:]], slug


def test_filters_narrow_every_figure(client, world, alice):
    client.force_login(alice)
    _download_all(client, world)
    flanders = set(Organisation.objects.filter(region="flanders"))
    tenders = [t for t in _published(Tender) if t.organisation in flanders]
    practices = [p for p in _published(Practice) if p.organisation in flanders]
    want = expected.every_figure(tenders, practices, flanders)
    got = _rows_of(_query(region="flanders"), alice)
    everything = _rows_of(_query(), alice)
    for slug in FIGURES:
        assert got[slug].rows == want[slug], slug
        assert got[slug].basis < everything[slug].basis, slug
    assert got["tenders-per-year"].basis == 6

    # A year range and a category: the figures rest on those tenders only.
    laptops = world["tenders"][0].categories.get()
    narrowed = _rows_of(_query(year_min="2024", category=str(laptops.pk)), alice)
    tenders = [t for t in _published(Tender) if t.publication_date and t.publication_date.year >= 2024
               and laptops in t.categories.all()]
    assert narrowed["tenders-per-year"].rows == expected.tenders_per_year(tenders)
    assert narrowed["criteria"].rows == expected.criteria(tenders)


def test_the_page_says_which_filters_apply_in_words(client, world, alice):
    client.force_login(alice)
    response = client.get(URL + "?region=flanders&level=province&year_min=2024&q=laptops")
    html = lxml.html.fromstring(response.content.decode())
    applied = [li.text_content() for li in html.xpath("//ul[@class='report-filters']/li")]
    assert applied == ["Words: “laptops”", "From year: 2024", "Government level: Province", "Region: Flanders"]


def test_a_figure_on_fewer_than_five_tenders_hides_itself(client, world, alice):
    client.force_login(alice)
    query = "?level=province"  # Antwerp's three tenders
    response = client.get(URL + query)
    page = response.content.decode()
    note = f"Fewer than {SMALL_NUMBERS} tenders match: this figure is hidden, small numbers mislead."
    html = lxml.html.fromstring(page)
    section = html.xpath("//section[@id='tenders-per-year']")[0]
    assert note in section.text_content()
    assert not section.xpath(".//table") and not section.xpath(".//*[local-name()='svg']")
    assert not section.xpath(".//a[contains(@href, '.csv')]")
    assert _csv(client, "tenders-per-year", query) == [[note]]
    # Exactly at the threshold, the figure is shown: five tenders with a known number of bids.
    assert SMALL_NUMBERS == 5
    figure = _rows_of(_query(), alice)["bids"]
    assert figure.basis == 9 and not figure.hidden


def test_the_threshold_counts_matching_tenders(world, alice):
    tenders = _published(Tender, organisation__region="wallonia")
    assert len(tenders) == 2
    for _ in range(SMALL_NUMBERS - len(tenders) - 1):
        TenderFactory(author=world["tenders"][9].author, status=Status.PUBLISHED,
                      published_at=world["tenders"][9].published_at)
    assert Insights(_query(region="wallonia"), alice).total == SMALL_NUMBERS - 1
    assert FIGURES["regions"](Insights(_query(region="wallonia"), alice)).hidden
    TenderFactory(author=world["tenders"][9].author, status=Status.PUBLISHED,
                  published_at=world["tenders"][9].published_at)
    assert not FIGURES["regions"](Insights(_query(region="wallonia"), alice)).hidden


def test_page_query_count_does_not_grow_with_tenders(client, world, alice, django_assert_max_num_queries):
    client.force_login(alice)
    query = URL + "?region=flanders&category=" + str(world["tenders"][0].categories.get().pk)
    with CaptureQueriesContext(connection) as computed:
        assert client.get(query).status_code == 200
    for n in range(15):
        tender = TenderFactory(author=alice, status=Status.PUBLISHED, published_at=world["tenders"][0].published_at,
                               bids_received=n, awarded_value=1000 * n)
        tender.categories.set(world["tenders"][0].categories.all())
        apply_criterion(tender, code="FAIR-DD", used_in="award", weight=n, verification="audit")
    with django_assert_max_num_queries(len(computed)):
        response = client.get(query)  # the tenders changed: computed again
    assert "Based on 18 tenders." in response.content.decode()  # Gent's 3 Flemish laptop tenders + 15
    # Session and member (2), the cache's key and read (2), the statement timeout (1, and a savepoint's 2 in a
    # test), the filter form's choices (5 with two filters in use), the figures (11 GROUP BY queries for 11
    # figures), keeping them in the database cache (a few).
    assert len(computed) <= 30, [q["sql"][:120] for q in computed.captured_queries]

    # Nothing changed: the same page from the cache, in few queries.
    with CaptureQueriesContext(connection) as cached:
        again = client.get(query)
    assert _page_tables(again) == _page_tables(response)
    assert len(cached) <= 10, [q["sql"][:120] for q in cached.captured_queries]
    # The CSV too: with fair criteria and a number of bids, the 15 new tenders and Gent's first one.
    assert _csv(client, "bids", query[len(URL):])[1][1] == "16"


def test_downloads_are_counted_per_document_and_day_without_who(client, world, alice, carol):
    client.force_login(carol)
    document = world["documents"][0]
    for _ in range(3):
        client.get(reverse("documents:download", args=[document.pk]))
    client.get(reverse("documents:download_all", args=[document.content_type_id, document.object_id]))
    row = DocumentDownloads.objects.get(document=document)
    assert row.count == 4
    assert {f.name for f in DocumentDownloads._meta.get_fields()} == {"id", "document", "day", "count"}


def test_insights_need_a_login(client, world):
    for url in (URL, reverse("insights:csv", args=["criteria"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_figure_is_404(client, alice):
    client.force_login(alice)
    assert client.get("/insights/nothing.csv").status_code == 404


def test_the_navigation_links_to_insights(client, alice):
    client.force_login(alice)
    html = lxml.html.fromstring(client.get(URL).content.decode())
    link = html.xpath("//nav[contains(@class, 'site-nav')]//a[@href='/insights/']")[0]
    assert link.text_content() == "Insights" and link.get("aria-current") == "page"


def test_figures_are_in_the_reader_s_language(client, world, alice):
    client.force_login(alice)
    response = client.get(URL, headers={"accept-language": "fr"})
    html = lxml.html.fromstring(response.content.decode())
    assert html.get("lang") == "fr"
    value = html.xpath("//section[@id='tenders-per-year']//tbody/tr")[0].xpath("td")[1].text_content()
    assert value == "329\xa0999\xa0€"
    # The criteria are named in French, in the order of the figure computed in Python (ties by code).
    from buyersgroup.taxonomy.models import Criterion

    shown = [row.xpath("th|td")[0].text_content().strip() for row in html.xpath("//section[@id='criteria']//tbody/tr")]
    codes = [row[0].split(" — ")[0] for row in expected.criteria(_published(Tender))]
    names = dict(Criterion.objects.values_list("code", "name_fr"))
    assert shown == [f"{code} — {names[code]}" for code in codes]
