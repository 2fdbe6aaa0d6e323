"""Tasks whose worker died: run them again, a bounded number of times.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at
it again: if that worker is killed (deploy, out of memory, a crash inside a
parser), the task would stay RUNNING for ever. ``requeue_stalled`` finds tasks
RUNNING for longer than TASK_STALE_SECONDS and puts them back in the queue,
until TASK_MAX_ATTEMPTS workers have claimed one (the claims are its
``worker_ids``); then it is marked FAILED and its "given up" handler runs (text
extraction flags the document: "No text could be read").

``manage.py task_worker`` runs this at start and every TASK_CHECK_SECONDS next
to the queue, and leaves a heartbeat in the shared cache that
``/healthz?full=1`` reports.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "task-worker-heartbeat"

# task path -> handler called with the task's arguments when it is given up
GIVEN_UP = {
    "buyersgroup.documents.tasks.extract_document_text": "buyersgroup.documents.tasks.extraction_given_up",
}


def requeue_stalled(now=None) -> tuple[int, int]:
    """(requeued, given up) among the tasks RUNNING for too long."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_STALE_SECONDS)
    requeued = given_up = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        for task in stalled:
            attempts = len(task.worker_ids)
            if attempts < settings.TASK_MAX_ATTEMPTS:
                task.status, task.run_after = TaskResultStatus.READY, now
                task.save(update_fields=["status", "run_after"])
                requeued += 1
                logger.warning("task %s (%s) requeued after its worker stopped", task.id, task.task_path)
                continue
            task.status, task.finished_at = TaskResultStatus.FAILED, now
            task.exception_class_path = "buyersgroup.core.tasks_recovery.WorkerLost"
            task.traceback = f"the worker stopped while running this task, {attempts} time(s): given up"
            task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            given_up += 1
            logger.error("task %s (%s) given up after %s attempts", task.id, task.task_path, attempts)
            handler = GIVEN_UP.get(task.task_path)
            if handler:
                arguments = task.args_kwargs or {}
                import_string(handler)(*arguments.get("args", []), **arguments.get("kwargs", {}))
    return requeued, given_up


def beat(now=None) -> None:
    cache.set(HEARTBEAT_KEY, (now or timezone.now()).isoformat(), timeout=None)


def last_heartbeat():
    value = cache.get(HEARTBEAT_KEY)
    return timezone.datetime.fromisoformat(value) if value else None
