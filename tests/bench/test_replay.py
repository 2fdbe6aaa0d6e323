"""What the benchmark replays as a page's physical limit: every read the page made, no write."""

from __future__ import annotations

from bench.measure import _replayable


def test_replay_keeps_every_read_and_the_planner_settings_but_no_write_and_not_the_empty_views_reads():
    session = 'SELECT "django_session"."session_data" FROM "django_session" WHERE key = \'k\''
    statements = [
        session,
        "INSERT INTO core_ratecount (scope) VALUES ('search:1')",
        "SET LOCAL enable_seqscan = off",
        '(SELECT "tenders_tender"."id" FROM "tenders_tender") UNION ALL (SELECT 1) ORDER BY 1 LIMIT 20',
        "WITH m0 AS (SELECT 1) SELECT * FROM m0",
        "SELECT 2",
        "RESET enable_seqscan",
    ]

    assert _replayable(statements, floor=[session]) == [
        "SET enable_seqscan = off",
        '(SELECT "tenders_tender"."id" FROM "tenders_tender") UNION ALL (SELECT 1) ORDER BY 1 LIMIT 20',
        "WITH m0 AS (SELECT 1) SELECT * FROM m0",
        "SELECT 2",
        "RESET enable_seqscan",
    ]
