"""Text extraction in the background (django-tasks).

Development and tests use the immediate backend: the task runs right after the
upload's transaction commits. In production set ``TASKS_BACKEND=database``
(django-tasks-db) and run the worker next to the web server::

    python manage.py db_worker        # `make worker` locally

A document whose text cannot be read is kept and flagged ``failed``; the
members see "No text could be read" next to it (Document.extraction_note).
"""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.dispatch import Signal
from django_tasks import task

from buyersgroup.documents.extraction import extract_text
from buyersgroup.documents.models import Document, Extraction

logger = logging.getLogger(__name__)

# Sent with the document (``instance``) once its text is stored: what a search of its entry
# matches has changed (buyersgroup.entries.changes counts it).
text_read = Signal()


@task()
def extract_document_text(document_id: int) -> str:
    """Read the document's file and store its text; return the resulting status."""
    document = Document.objects.filter(pk=document_id).only("file", "kind", "content_type_id").first()
    if document is None:  # deleted before the worker got to it
        return "gone"
    name = document.file.name
    try:
        with default_storage.open(name, "rb") as file:
            text = extract_text(file, document.kind)
    except Exception:
        logger.warning("no text could be read from document %s", document_id, exc_info=True)
        text = ""
    status = Extraction.DONE if text.strip() else Extraction.FAILED
    # Only if the file is still the one read: a replacement meanwhile has its own task.
    if Document.objects.filter(pk=document_id, file=name).update(text=text, extraction_status=status):
        text_read.send(sender=Document, instance=document)
    return str(status)


def extraction_given_up(document_id: int) -> None:
    """The worker kept stopping while reading this file (buyersgroup.core.tasks_recovery): flag it, keep it."""
    Document.objects.filter(pk=document_id, extraction_status=Extraction.PENDING).update(
        extraction_status=Extraction.FAILED
    )
