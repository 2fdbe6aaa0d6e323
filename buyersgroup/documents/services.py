"""Attach, replace, copy, move and delete documents. Each state change is one transaction.

No orphans, either way:

* a file is stored and its row written inside one transaction; if anything
  fails before the commit (the insert, the commit itself), the stored file is
  deleted again, and if storing fails no row was written;
* a stored file is deleted only after the commit that removed its last row
  (``signals.py``: also when an entry is deleted and its documents go with it,
  or a row is deleted in the admin); rows of revisions share files.

If ``attach`` or ``replace`` is called inside a larger transaction of the
caller that rolls back *after* they returned, the new file stays on disk
unreferenced: Django has no rollback hook. Call them outside such blocks, or
let ``manage.py prune_document_files`` (run it daily) remove such leftovers.

The caller has already checked that ``by`` may change the entry (buyersgroup.access).
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.security import record
from buyersgroup.documents.models import Document, Extraction, storage_name
from buyersgroup.documents.uploadhandlers import refused_upload
from buyersgroup.documents.validation import Inspection, clean_original_name, inspect_upload

logger = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = _(
    "The document could not be stored: the file storage is not available at the moment. "
    "Nothing was saved; please try again later."
)


def check_upload(uploaded_file, *, by=None, request=None) -> Inspection:
    """Inspect an upload; log and re-raise a refusal (name and size, never the content)."""
    name = clean_original_name(uploaded_file.name)
    try:
        return inspect_upload(uploaded_file, name)
    except ValidationError as error:
        record(
            "upload_refused",
            request,
            actor=by,
            reason=error.code or "invalid",
            file_name=name,
            size=uploaded_file.size,
        )
        raise


def record_refusal(request, form) -> None:
    """Log the refusal of the upload form's file, if it was refused (not merely missing).

    A file dropped by the upload handler for its size was logged there already.
    """
    uploaded_file = form.files.get(form.add_prefix("file")) if form.files else None
    errors = form.errors.as_data().get("file", []) if form.is_bound else []
    if uploaded_file is None or not errors or refused_upload(request):
        return
    record(
        "upload_refused",
        request,
        reason=errors[0].code or "invalid",
        file_name=clean_original_name(uploaded_file.name),
        size=uploaded_file.size,
    )


def attach(entry, uploaded_file, *, doc_type: str, language: str, by, request=None,
           inspection: Inspection | None = None) -> Document:
    """Check the upload, store it under a new name and attach it to ``entry``.

    Raises ValidationError (already logged) when the file is refused or the
    storage cannot take it; then nothing is stored. Text extraction starts after
    the commit. ``inspection``: the upload form already inspected the file
    (DocumentUploadForm.inspection), so it is not read a second time.
    """
    if inspection is None:
        inspection = check_upload(uploaded_file, by=by, request=request)
    with _stored(uploaded_file, inspection) as stored:
        with transaction.atomic():
            document = Document.objects.create(
                content_type=ContentType.objects.get_for_model(entry),
                object_id=entry.pk,
                file=stored.name,
                original_name=clean_original_name(uploaded_file.name),
                doc_type=doc_type,
                language=language,
                size=uploaded_file.size,
                sha256=stored.sha256,
                kind=inspection.kind,
                mime=inspection.mime,
                uploaded_by=by,
            )
            _extract_after_commit(document)
    return document


def replace(document: Document, uploaded_file, *, by, request=None) -> Document:
    """Put a new file in place of the document's file; the old one goes once unreferenced."""
    inspection = check_upload(uploaded_file, by=by, request=request)
    with _stored(uploaded_file, inspection) as stored:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            old_name = locked.file.name
            locked.file = stored.name
            locked.original_name = clean_original_name(uploaded_file.name)
            locked.size = uploaded_file.size
            locked.sha256 = stored.sha256
            locked.kind = inspection.kind
            locked.mime = inspection.mime
            locked.text = ""
            locked.extraction_status = Extraction.PENDING
            locked.uploaded_by = by
            locked.save()
            remove_file_when_unreferenced(old_name)
            _extract_after_commit(locked)
    return locked


def delete(document: Document) -> None:
    """Delete the row; its file follows after the commit unless another row uses it."""
    with transaction.atomic():
        document.delete()  # signals.py schedules the file


def clone_for(document: Document, entry) -> Document:
    """A new row for ``entry`` sharing the same stored file (a revision's copy)."""
    return Document.objects.create(
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        **{
            field: getattr(document, field)
            for field in (
                "file", "original_name", "doc_type", "language", "size", "sha256", "kind", "mime", "text",
                "extraction_status", "uploaded_by",
            )
        },
    )


def move_to(documents, entry) -> int:
    """Re-point documents (a queryset) to ``entry``, e.g. when a revision is published."""
    return documents.update(content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk)


def remove_file_when_unreferenced(name: str) -> None:
    """After the current transaction commits, delete the stored file if no row uses it."""
    if name:
        transaction.on_commit(lambda: _remove_if_unreferenced(name), robust=True)


def _remove_if_unreferenced(name: str) -> None:
    if not Document.objects.filter(file=name).exists():
        default_storage.delete(name)


def stored_names(folder: str = "documents"):
    """Every stored document file's name, on disk or in the bucket (rows or not)."""
    try:
        directories, names = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet (S3 simply lists nothing)
        return
    for name in names:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(f"{folder}/{directory}")


def _extract_after_commit(document: Document) -> None:
    from buyersgroup.documents.tasks import extract_document_text

    transaction.on_commit(lambda: extract_document_text.enqueue(document.pk), robust=True)


@contextmanager
def _stored(uploaded_file, inspection: Inspection):
    """Store the upload under a new name; delete it again if the block fails."""
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    try:
        name = default_storage.save(storage_name(inspection.kind), uploaded_file)
    except Exception as error:  # disk full or read-only, bucket refusing writes or unreachable
        logger.exception("the document storage refused a file")
        raise ValidationError(STORAGE_UNAVAILABLE, code="storage_unavailable") from error
    stored = StoredFile(name, digest.hexdigest())
    try:
        yield stored
    except BaseException:
        try:
            default_storage.delete(stored.name)
        except Exception:  # the original error matters more; prune_document_files catches the rest
            logger.exception("could not delete a stored file after a failed upload")
        raise


class StoredFile(NamedTuple):
    name: str
    sha256: str
