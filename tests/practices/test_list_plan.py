"""The practice list's cost does not grow with the number of practices (SPEC §12).

On 20,000 generated practices, the page is an index scan in the list's order that stops after
the page, with no sort. (Once autovacuum has marked the table's pages, the capped count reads
the same index only: `make bench` shows it; a test's transaction cannot vacuum.)
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.seed import BENCH_MEMBER, Volume, seed
from buyersgroup.members.models import Member


@pytest.fixture
def twenty_thousand_practices(db):
    seed(
        Volume(tenders=200, organisations=30, members=100, practices=20_000, documents_per_tender=0,
               documents_per_practice=0, threads=False, search_vectors=False),
        progress=lambda _: None,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_practice")
    return Member.objects.get(email=BENCH_MEMBER)


def _plan(sql) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_list_page_is_an_index_scan_that_stops_after_the_page(client, twenty_thousand_practices):
    client.force_login(twenty_thousand_practices)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("practices:list")).status_code == 200
    statements = [q["sql"] for q in captured if 'FROM "practices_practice"' in q["sql"]]
    page = next(sql for sql in statements if "LIMIT 20" in sql and "COUNT(" not in sql)

    plan = _plan(page)
    assert plan.splitlines()[0].startswith("Limit"), plan
    scan = next(line for line in plan.splitlines() if "practice_published_list" in line)
    assert int(float(re.search(r"rows=([\d.]+)", scan).group(1))) <= 20, plan  # stops after the page
    assert not re.search(r"\bSort\b|HashAggregate|GroupAggregate", plan), plan
