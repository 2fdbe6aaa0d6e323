"""No file without a row, no row without a file: deleting, replacing, revisions, failures mid-way."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError

from buyersgroup.documents import services
from buyersgroup.documents.models import Document, Extraction
from tests.documents import files
from tests.documents.conftest import make_tender, stored_files


def attach(entry, by, name="specification.pdf", data=None):
    return services.attach(
        entry, files.upload(name, data or files.pdf_bytes()), doc_type="specification", language="nl", by=by
    )


def test_delete_removes_the_file(draft, alice, django_capture_on_commit_callbacks):
    document = attach(draft, alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete(document)
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_deleting_one_of_two_rows_sharing_a_file_keeps_the_file(draft, alice, django_capture_on_commit_callbacks):
    document = attach(draft, alice)
    revision = make_tender(alice, title="Revision")
    copy = services.clone_for(document, revision)
    assert copy.file.name == document.file.name and copy.entry == revision

    with django_capture_on_commit_callbacks(execute=True):
        services.delete(copy)
    assert stored_files() == [document.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.delete(document)
    assert stored_files() == []


def test_failed_row_insert_leaves_no_file(draft, alice):
    with mock.patch.object(Document, "save", side_effect=DatabaseError("connection lost")):
        with pytest.raises(DatabaseError):
            attach(draft, alice)
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_disk_refusing_writes_gives_a_clear_error_and_leaves_no_row(draft, alice, settings, tmp_path):
    """A real refusal of the file system (the media folder cannot be created), not a stand-in."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    with pytest.raises(ValidationError) as refused:
        attach(draft, alice)
    assert refused.value.code == "storage_unavailable"
    assert refused.value.messages[0].startswith("The document could not be stored")
    assert Document.objects.count() == 0


def test_failed_commit_leaves_no_file(draft, alice):
    """Anything failing after the file was stored, up to the commit, takes the file away again."""
    with mock.patch("buyersgroup.documents.services._extract_after_commit", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            attach(draft, alice)
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_replace_stores_the_new_file_and_removes_the_old(draft, alice, bob, django_capture_on_commit_callbacks):
    document = attach(draft, alice)
    old_name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.replace(document, files.upload("grid.xlsx", files.xlsx_bytes()), by=bob)

    document.refresh_from_db()
    assert (document.kind, document.original_name, document.uploaded_by) == ("xlsx", "grid.xlsx", bob)
    assert document.extraction_status == Extraction.DONE and files.SENTENCE in document.text
    assert stored_files() == [document.file.name] and document.file.name != old_name


def test_replace_keeps_the_old_file_when_a_revision_still_uses_it(draft, alice, django_capture_on_commit_callbacks):
    document = attach(draft, alice)
    copy = services.clone_for(document, make_tender(alice, title="Revision"))
    with django_capture_on_commit_callbacks(execute=True):
        services.replace(copy, files.upload("new.docx", files.docx_bytes()), by=alice)
    copy.refresh_from_db()
    assert stored_files() == sorted([document.file.name, copy.file.name])


def test_refused_replacement_changes_nothing(draft, alice, django_capture_on_commit_callbacks):
    document = attach(draft, alice)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.replace(document, files.upload("page.pdf", b"<html></html>"), by=alice)
    document.refresh_from_db()
    assert document.original_name == "specification.pdf"
    assert stored_files() == [document.file.name]


def test_failed_replacement_keeps_the_old_file_and_row(draft, alice):
    document = attach(draft, alice)
    with mock.patch.object(Document, "save", side_effect=DatabaseError("connection lost")):
        with pytest.raises(DatabaseError):
            services.replace(document, files.upload("grid.xlsx", files.xlsx_bytes()), by=alice)
    document.refresh_from_db()
    assert document.kind == "pdf"
    assert stored_files() == [document.file.name]


def test_deleting_the_entry_deletes_its_documents_and_files(draft, alice, django_capture_on_commit_callbacks):
    attach(draft, alice)
    attach(draft, alice, name="grid.ods", data=files.ods_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_move_to_publishes_a_revision_s_documents(draft, alice, django_capture_on_commit_callbacks):
    revision = make_tender(alice, title="Revision")
    document = attach(revision, alice)
    assert services.move_to(revision.documents.all(), draft) == 1
    document.refresh_from_db()
    assert document.entry == draft
    with django_capture_on_commit_callbacks(execute=True):
        revision.delete()
    assert stored_files() == [document.file.name]


def test_prune_removes_only_old_unreferenced_files(draft, alice, settings):
    kept = attach(draft, alice)
    default_storage.save("documents/2020/leftover.pdf", files.upload("x.pdf", files.pdf_bytes()))
    call_command("prune_document_files", "--min-age-hours=0", stdout=mock.Mock())
    assert stored_files() == [kept.file.name]


def test_prune_leaves_recent_files_alone(draft, alice):
    default_storage.save("documents/2020/in-flight.pdf", files.upload("x.pdf", files.pdf_bytes()))
    call_command("prune_document_files", stdout=mock.Mock())
    assert stored_files() == ["documents/2020/in-flight.pdf"]
