"""manage.py task_worker — the task queue's worker, for production (``make worker`` locally).

django-tasks-db's ``db_worker`` runs the queue; next to it, a thread puts back
tasks whose worker died and leaves a heartbeat (buyersgroup/core/tasks_recovery.py),
at start and every TASK_CHECK_SECONDS. Options are db_worker's.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from buyersgroup.core import tasks_recovery

logger = logging.getLogger(__name__)


def _check_forever(stop: threading.Event) -> None:
    while True:
        try:
            tasks_recovery.requeue_stalled()
            tasks_recovery.beat()
        except Exception:  # the database may be briefly away: try again next round
            logger.exception("could not check for stalled tasks")
        finally:
            connection.close()
        if stop.wait(settings.TASK_CHECK_SECONDS):
            return


class Command(DbWorkerCommand):
    help = "Run background tasks; put back those whose worker died (bounded), heartbeat for /healthz."

    def handle(self, *args, **options):
        stop = threading.Event()
        threading.Thread(target=_check_forever, args=(stop,), daemon=True, name="stalled-tasks").start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
