"""The benchmark's report on a page whose SQL could not be replayed within the statement timeout."""

from bench.report import _page_checks


def _page(**figures):
    return {"name": "Search, broadest", "kind": "search_broad", "queries": 11, "p50": 300.0, "p95": 420.0,
            "errors": 0, **figures}


def test_a_page_whose_sql_passed_the_statement_timeout_is_reported_as_missing_that_target():
    checks = dict(_page_checks(_page(limit=None, sql_p50=None)))
    assert checks["SQL within the statement timeout"] is False
    assert not any(name.startswith("p50 ≤ limit") for name in checks)
    assert checks["p95 ≤ 500 ms"] is True  # its other targets are still judged


def test_a_page_replayed_is_judged_against_its_limit():
    checks = dict(_page_checks(_page(limit=280.0, sql_p50=270.0)))
    assert checks["p50 ≤ limit + 15 ms"] is False and checks["≤ 12 queries"] is True
    assert dict(_page_checks(_page(limit=290.0, sql_p50=280.0)))["p50 ≤ limit + 15 ms"] is True
