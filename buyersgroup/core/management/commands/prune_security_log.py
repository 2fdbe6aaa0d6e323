"""Delete security events older than the retention period: the one way rows leave the log.

    python manage.py prune_security_log            # SECURITY_LOG_RETENTION_DAYS (default 365)
    python manage.py prune_security_log --days 400

The database refuses every other UPDATE or DELETE on the log (migration
core 0005). This command declares its cutoff for its own transaction only
(``SET LOCAL``), the trigger lets through rows older than that cutoff, and the
deletion is itself recorded in the log ("Old security events deleted": how
many, and the cutoff). Run it daily from the same timer as the other clean-ups.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from buyersgroup.core.models import SecurityEvent
from buyersgroup.core.security import record

MINIMUM_DAYS = 30


class Command(BaseCommand):
    help = "Delete security events older than the retention period (and log that it did)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days (default: the setting)")

    def handle(self, *args, days, **options):
        days = settings.SECURITY_LOG_RETENTION_DAYS if days is None else days
        if days < MINIMUM_DAYS:
            raise CommandError(f"--days {days}: the security log is kept at least {MINIMUM_DAYS} days.")
        cutoff = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('portal.security_log_prune_before', %s, true)", [cutoff.isoformat()]
                )
            deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
            record(SecurityEvent.Kind.LOG_PRUNED, deleted=deleted, before=cutoff.isoformat(), days=days)
        self.stdout.write(f"{deleted} security event(s) older than {days} days deleted.")
