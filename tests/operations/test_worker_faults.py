"""Fault drill: the task worker killed in the middle of a text extraction.

The worker is a real `manage.py task_worker` process; it is caught mid-task by
freezing the S3 server (SIGSTOP) while the worker reads the document, killed
with SIGKILL, and the S3 server thawed. A new worker puts the task back and
finishes it; after TASK_MAX_ATTEMPTS claims the task is given up and the
document is kept and flagged.
"""

import os
import signal
import time
from contextlib import contextmanager

import pytest
from django_tasks_db.models import DBTaskResult

from buyersgroup.documents import services
from buyersgroup.documents.models import Document, Extraction
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.processes import task_worker, wait_until


@contextmanager
def frozen(server):
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server.process.pid, signal.SIGCONT)


def task_of(document) -> DBTaskResult:
    return DBTaskResult.objects.get(args_kwargs__args=[document.pk])


def kill_worker_mid_extraction(document, env, folder, seaweedfs_server, name):
    """Start a worker, let it claim the extraction while S3 is frozen, SIGKILL it."""
    with frozen(seaweedfs_server):
        with task_worker(env, folder, name=name) as worker:
            wait_until(lambda: task_of(document).status == "RUNNING", timeout=30, what="claim", process=worker,
                       log=worker.log)
            time.sleep(0.3)  # the worker is now inside the task, waiting for the object
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
    document.refresh_from_db()
    assert document.extraction_status == Extraction.PENDING  # the killed worker saved nothing
    assert task_of(document).status == "RUNNING"  # and django-tasks-db alone would leave it so


@pytest.fixture
def uploaded(database_tasks, alice, s3):
    tender = make_tender(alice)
    return services.attach(tender, files.upload("spec.pdf", files.pdf_bytes()), doc_type="specification",
                           language="nl", by=alice)


def test_killed_extraction_runs_again_and_the_document_ends_up_extracted(
    uploaded, portal_env, seaweedfs_server, tmp_path
):
    env = {**portal_env, "TASK_STALE_SECONDS": "1", "TASK_CHECK_SECONDS": "1", "TASK_MAX_ATTEMPTS": "3"}
    kill_worker_mid_extraction(uploaded, env, tmp_path, seaweedfs_server, "killed-worker")

    with task_worker(env, tmp_path, name="next-worker") as worker:
        wait_until(lambda: task_of(uploaded).status == "SUCCESSFUL", timeout=60, what="the rerun", process=worker,
                   log=worker.log)
    uploaded.refresh_from_db()
    assert uploaded.extraction_status == Extraction.DONE and files.SENTENCE in uploaded.text
    assert len(task_of(uploaded).worker_ids) == 2


def test_extraction_that_keeps_killing_its_worker_is_given_up_and_the_document_flagged(
    uploaded, portal_env, seaweedfs_server, tmp_path
):
    env = {**portal_env, "TASK_STALE_SECONDS": "1", "TASK_CHECK_SECONDS": "1", "TASK_MAX_ATTEMPTS": "1"}
    kill_worker_mid_extraction(uploaded, env, tmp_path, seaweedfs_server, "killed-worker")
    time.sleep(1.1)  # older than TASK_STALE_SECONDS

    with task_worker(env, tmp_path, name="next-worker") as worker:
        wait_until(lambda: task_of(uploaded).status == "FAILED", timeout=60, what="giving up", process=worker,
                   log=worker.log)
    task = task_of(uploaded)
    assert task.traceback == "the worker stopped while running this task, 1 time(s): given up"
    document = Document.objects.get(pk=uploaded.pk)
    assert document.extraction_status == Extraction.FAILED
    assert document.extraction_note.startswith("No text could be read")
