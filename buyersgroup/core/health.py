"""What operators check: the database, the document storage, the task worker.

``/healthz`` only says whether the database answers (public: load balancers).
``/healthz?full=1`` — for a staff member's session or with the header
``X-Healthz-Token: $HEALTHZ_TOKEN`` — and ``manage.py check_deploy`` report each
check below; any failing one makes the answer 503 (the command exits non-zero).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

PROBE_FOLDER = "healthz"


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def storage() -> dict:
    """Write, read back and delete a small probe file where documents are stored."""
    name = default_storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(b"portal health probe"))
    try:
        with default_storage.open(name, "rb") as probe:
            readable = probe.read() == b"portal health probe"
    finally:
        default_storage.delete(name)
    return {"ok": readable, "backend": settings.DOCUMENT_STORAGE}


def task_worker() -> dict:
    """The worker's last heartbeat (manage.py task_worker) and the queue's backlog."""
    from django_tasks_db.models import DBTaskResult

    from buyersgroup.core.tasks_recovery import last_heartbeat

    if settings.TASKS_BACKEND == "immediate":
        return {"ok": True, "backend": "immediate"}
    beat = last_heartbeat()
    now = timezone.now()
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    recent = beat is not None and now - beat < timedelta(seconds=3 * settings.TASK_CHECK_SECONDS + 30)
    return {
        "ok": recent,
        "backend": "database",
        "last_seen_seconds": round((now - beat).total_seconds()) if beat else None,
        "waiting": DBTaskResult.objects.ready().count(),
        "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else None,
    }


CHECKS = {"database": database, "storage": storage, "task_worker": task_worker}


def full_report() -> dict:
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # a failing check is reported, never raised
            report[name] = {"ok": False, "error": type(error).__name__}
    report["status"] = "ok" if all(item["ok"] for item in report.values()) else "unavailable"
    return report
