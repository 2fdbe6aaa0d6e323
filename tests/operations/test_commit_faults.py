"""Fault drill: the database connection killed (pg_terminate_backend) in the middle of a COMMIT.

A deferred constraint trigger makes the commit itself take a moment (real
PostgreSQL work at COMMIT time); another session terminates our backend while
it is in that COMMIT. Nothing may be half-saved: no row, no stored file, no
history, no log line.
"""

import threading
import time

import psycopg
import pytest
from django.db import DatabaseError, connection

from buyersgroup.core.models import SecurityEvent
from buyersgroup.documents import services
from buyersgroup.documents.models import Document
from buyersgroup.moderation.models import ReviewEvent
from buyersgroup.moderation.services import transition
from tests.documents import files
from tests.documents.conftest import make_tender, stored_files
from tests.processes import portal_database_url


@pytest.fixture
def slow_commit_on(transactional_db):
    """Make COMMITs that inserted into `table` wait two seconds (a deferred trigger runs at COMMIT)."""
    tables = []

    def install(table):
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION drill_slow_commit() RETURNS trigger LANGUAGE plpgsql"
                " AS $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE CONSTRAINT TRIGGER drill_slow_commit AFTER INSERT ON {table}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION drill_slow_commit()"
            )
        tables.append(table)

    yield install
    connection.close()  # the killed connection
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS drill_slow_commit ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS drill_slow_commit()")


def terminate_during_commit() -> threading.Thread:
    """From another session: wait until our backend is busy with COMMIT, then kill it."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    killed = threading.Event()

    def killer():
        with psycopg.connect(portal_database_url(), autocommit=True) as other:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                row = other.execute(
                    "SELECT query FROM pg_stat_activity WHERE pid = %s AND state = 'active'", [pid]
                ).fetchone()
                if row and row[0].strip().upper() == "COMMIT":
                    other.execute("SELECT pg_terminate_backend(%s)", [pid])
                    killed.set()
                    return
                time.sleep(0.02)

    thread = threading.Thread(target=killer, daemon=True)
    thread.killed = killed
    thread.start()
    return thread


def test_upload_whose_commit_is_killed_leaves_no_row_and_no_file(slow_commit_on, alice):
    tender = make_tender(alice)
    slow_commit_on("documents_document")
    killer = terminate_during_commit()
    with pytest.raises(DatabaseError):
        services.attach(tender, files.upload("spec.pdf", files.pdf_bytes()), doc_type="specification",
                        language="nl", by=alice)
    killer.join(5)
    assert killer.killed.is_set()
    connection.close()
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_review_decision_whose_commit_is_killed_changes_nothing(slow_commit_on, alice, cora):
    tender = make_tender(alice, status="submitted")
    events_before = SecurityEvent.objects.count()
    slow_commit_on("moderation_reviewevent")
    killer = terminate_during_commit()
    with pytest.raises(DatabaseError):
        transition(tender, "publish", cora)
    killer.join(5)
    assert killer.killed.is_set()
    connection.close()
    tender.refresh_from_db()
    assert (tender.status, tender.published_at) == ("submitted", None)
    assert ReviewEvent.objects.count() == 0
    assert SecurityEvent.objects.count() == events_before
