"""The tender list's cost does not grow with the number of tenders (SPEC §12).

On 20,000 generated tenders, the statement that fetches a page is an index scan in the
list's order that stops after the page: no sort and no aggregate over every visible tender.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.seed import BENCH_MEMBER, Volume, seed
from buyersgroup.members.models import Member


@pytest.fixture
def twenty_thousand_tenders(db):
    seed(
        Volume(tenders=20_000, organisations=30, members=100, documents_per_tender=0, threads=False,
               search_vectors=False),
        progress=lambda _: None,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tenders_tender; ANALYZE tenders_appliedcriterion; ANALYZE members_organisation")
    return Member.objects.get(email=BENCH_MEMBER)


def _page_statement(client, url) -> str:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return next(q["sql"] for q in captured if 'FROM "tenders_tender"' in q["sql"] and "LIMIT 20" in q["sql"])


def _plan(sql) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("url", "index"), [
    (reverse("tenders:list"), "tender_published_list"),
    (reverse("tenders:list") + "?page=30", "tender_published_list"),
    (reverse("tenders:mine"), "tender_organisation_recent"),
])
def test_list_page_is_an_index_scan_that_stops_after_the_page(client, twenty_thousand_tenders, url, index):
    client.force_login(twenty_thousand_tenders)
    plan = _plan(_page_statement(client, url))
    assert plan.splitlines()[0].startswith("Limit"), plan
    scan = next((line for line in plan.splitlines() if re.search(rf"Index (Only )?Scan using {index} on tenders_tender", line)), None)
    assert scan is not None, plan
    rows = int(float(re.search(r"rows=([\d.]+)", scan).group(1)))
    offset = 29 * 20 if "page=30" in url else 0
    assert rows <= offset + 20, plan  # stops after the page
    assert not re.search(r"\bSort\b|HashAggregate|GroupAggregate", plan), plan


def test_list_counts_at_most_the_cap(client, twenty_thousand_tenders, settings):
    from buyersgroup.core import pagination

    client.force_login(twenty_thousand_tenders)
    page = client.get(reverse("tenders:list")).content.decode()
    assert f"More than {pagination.COUNT_CAP:,} tenders" in page
    assert f"Page 1 of more than {pagination.COUNT_CAP // 20}" in page


def test_newest_first_search_without_words_stops_after_the_page(twenty_thousand_tenders):
    """The search page and the API list all published tenders newest first (notice date, else the
    day shared): an index on that expression, read in order, stops after the page."""
    from django.http import QueryDict

    from buyersgroup.search.service import Search

    sql, params = Search(QueryDict("kind=tenders"), twenty_thousand_tenders).rows()[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.splitlines()[0].startswith("Limit"), plan
    assert re.search(r"Index Scan using tender_published_by_date on tenders_tender", plan), plan
    assert not re.search(r"\bSort\b", plan), plan
