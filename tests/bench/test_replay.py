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


def test_replay_parses_and_plans_each_statement_on_every_run_as_the_page_does(django_db_setup, django_db_blocker):
    """psycopg prepares a statement run five times on a connection; PostgreSQL then runs it on its
    kept plan. The page's statements never are, so the replay's must not be either."""
    import psycopg
    from django.db import connection

    from bench.measure import _replay, replay_connection

    params = {k: v for k, v in connection.get_connection_params().items()
              if k not in ("cursor_factory", "context", "prepare_threshold", "options")}
    prepared = "SELECT count(*) FROM pg_prepared_statements"
    with django_db_blocker.unblock():
        with psycopg.connect(**params, autocommit=True) as default:  # the default the replay used to have
            _replay(default, ["SELECT 1 + 1"], 10)
            assert default.execute(prepared).fetchone()[0] == 1
        with replay_connection(**params) as replay:
            _replay(replay, ["SELECT 1 + 1"], 10)
            assert replay.execute(prepared).fetchone()[0] == 0
