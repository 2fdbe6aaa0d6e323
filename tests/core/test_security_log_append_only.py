"""The security log cannot be altered: PostgreSQL itself refuses UPDATE and DELETE.

The one way out for old rows is `manage.py prune_security_log`, which deletes only
what is older than the retention period and records that it did.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from buyersgroup.core.models import SecurityEvent
from buyersgroup.core.security import record

REFUSED = "the security log is append-only"


def old_event(days_ago: int, kind="login") -> int:
    """An event written `days_ago` days ago (an INSERT: the log takes those)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_securityevent (at, kind, email, user_agent, path, detail)"
            " VALUES (%s, %s, 'old@example.org', '', '', '{}') RETURNING id",
            [timezone.now() - timedelta(days=days_ago), kind],
        )
        return cursor.fetchone()[0]


def refused(statement):
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        statement()
    return str(error.value)


@pytest.mark.django_db
def test_update_is_refused_through_the_orm_and_in_plain_sql(alice):
    event = record("login", actor=alice)
    assert "UPDATE refused" in refused(lambda: SecurityEvent.objects.filter(pk=event.pk).update(kind="logout"))

    def plain_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_securityevent SET email = 'someone@else.org'")

    assert REFUSED in refused(plain_sql)
    event.refresh_from_db()
    assert (event.kind, event.email) == ("login", alice.email)


@pytest.mark.django_db
def test_delete_is_refused_even_for_old_rows_outside_the_retention_command(alice):
    record("login", actor=alice)
    old_event(days_ago=900)
    assert "DELETE refused" in refused(lambda: SecurityEvent.objects.all().delete())

    def plain_sql():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_securityevent")

    assert REFUSED in refused(plain_sql)
    assert SecurityEvent.objects.count() == 2


@pytest.mark.django_db
def test_deleting_a_member_keeps_their_events_without_the_link(alice):
    event = record("login", actor=alice)
    alice.delete()
    event.refresh_from_db()
    assert event.actor is None and event.email == "alice@stad.gent" and event.kind == "login"


@pytest.mark.django_db
def test_retention_deletes_only_old_events_and_logs_it(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    old_ids = [old_event(days_ago=400), old_event(days_ago=366)]
    kept = old_event(days_ago=300)
    out = io.StringIO()
    call_command("prune_security_log", stdout=out)

    assert out.getvalue().strip() == "2 security event(s) older than 365 days deleted."
    remaining = SecurityEvent.objects.order_by("at")
    assert not remaining.filter(pk__in=old_ids).exists()
    assert [event.kind for event in remaining] == ["login", "log_pruned"]
    assert remaining[0].pk == kept
    pruned = remaining[1]
    assert pruned.detail["deleted"] == 2 and pruned.detail["days"] == 365
    # The permission lasted for that transaction only.
    assert "DELETE refused" in refused(lambda: SecurityEvent.objects.filter(pk=kept).delete())


@pytest.mark.django_db
def test_retention_shorter_than_thirty_days_is_refused():
    old_event(days_ago=40)
    with pytest.raises(CommandError, match="kept at least 30 days"):
        call_command("prune_security_log", "--days", "7")
    assert SecurityEvent.objects.count() == 1
