"""`make bench SMOKE=1`: the benchmark instrument runs end to end on 2,000 tenders and fills every row.

No timing is asserted here (the machine running the tests is not the benchmark machine);
the figures themselves are read in the report of a full `make bench`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PAGES = ["Tender list, first page", "Tender list, page", "Tender list, one organisation", "My organisation's tenders",
         "Tender detail", "Practice list, first page", "Practice list, reports", "Practice detail, 50 questions",
         "Search, typical ('epeat') (", "Search, typical ('epeat'), seen before", "Search, typical with 5 filters", "Search, broadest ('refurbished') (",
         "Search, broadest, tenders only ('refurbished') (", "Search, typical ('epeat'), its next pages",
         "Search, a typo ('refurbishd') (", "Search, a word in most tenders ('laptop') (",
         "Search, 'laptop' with a category and a criterion ticked (", "Review queue", "Members directory", "Insights", "API, tenders list", "Home"]


@pytest.fixture
def bench_database():
    """A database of its own on the test server: the benchmark never touches other data."""
    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"bench_smoke_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(url._replace(path=f"/{name}"))
    finally:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.close()


def test_smoke_bench_fills_every_row_of_the_report(bench_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": bench_database}
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--results", str(tmp_path)],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    reports = list(tmp_path.glob("bench-smoke-*.md"))
    assert len(reports) == 1
    report = reports[0].read_text()
    assert report in done.stdout  # printed as well as written

    assert "Seeded in" in report and "2,000 tenders" in report and "400 practices" in report
    assert re.search(r"[\d,]+ questions and answers", report) and re.search(r"[\d,]+ saved searches", report)
    page_rows = [line for line in report.splitlines() if line.startswith("| ") and " | " in line]
    for page in PAGES:
        row = next((line for line in page_rows if line.startswith(f"| {page}")), None)
        assert row is not None, page
        assert "nan" not in row
    peers = [line for line in page_rows if line.startswith("| Admin changelist, search") and "Execution Time" not in line]
    assert len(peers) == 2
    for peer in peers:
        assert re.search(r"\| \d+\.\d× \|", peer)
    # The typical search matches some entries and fewer than the broadest.
    typical = int(re.search(r"typical \('epeat'\) \(([\d,]+) matches\)", report).group(1).replace(",", ""))
    broadest = int(re.search(r"broadest \('refurbished'\) \(([\d,]+) matches\)", report).group(1).replace(",", ""))
    assert 0 < typical < broadest
    for name in ("Tender list, first page", "Practice list, first page", "Search, typical ('epeat')",
                 "Search, typical ('epeat'), seen before"):
        throughput = next(line for line in page_rows if line.startswith(f"| {name} |") and "req/s" in line)
        assert " | 0 | " in throughput  # no errors
    assert next(line for line in page_rows if line.startswith("| Empty logged-in view"))
    upload = next(line for line in page_rows if line.startswith("| PDF, 5 MB"))
    assert "302 committed" in upload
    plans = [line for line in page_rows if "Execution Time" in line]
    assert len(plans) == len(PAGES) + 2  # every page and the two peers
    assert "All page targets met:" in report
    assert list(tmp_path.glob("plans-smoke-*.md"))
