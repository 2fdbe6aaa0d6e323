"""Text extraction: capped, and a task that copes with documents that changed meanwhile."""

import io

from buyersgroup.documents import extraction, services, tasks
from buyersgroup.documents.models import Document, Extraction
from buyersgroup.documents.tasks import extract_document_text
from tests.documents import files


def test_text_is_capped(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_CHARACTERS", 20)
    text = extraction.extract_text(io.BytesIO(files.docx_bytes()), "docx")
    assert text == "Specification\nRefurb"


def test_spreadsheet_cells_and_document_tables_are_read():
    assert "Criterion | Weight" in extraction.extract_text(io.BytesIO(files.xlsx_bytes()), "xlsx")
    assert "Lot 1 | Docking stations" in extraction.extract_text(io.BytesIO(files.docx_bytes()), "docx")


def test_a_pdf_keeps_its_pages_blank_ones_too():
    text = extraction.extract_text(io.BytesIO(files.pdf_pages("Scope of the contract", "", "Take-back clause")), "pdf")
    assert text.split(extraction.PAGE_END) == ["Scope of the contract", "", "Take-back clause", ""]


def test_a_pdf_without_any_text_gives_no_text():
    assert extraction.extract_text(io.BytesIO(files.pdf_pages("", "")), "pdf") == ""


def test_only_a_pdf_has_page_ends(monkeypatch):
    monkeypatch.setattr(extraction, "_docx", lambda file: iter(["one\fpage", "two"]))
    assert extraction.extract_text(io.BytesIO(b""), "docx") == "one page\ntwo"


def test_task_for_a_deleted_document_does_nothing(db):
    assert extract_document_text.call(123456) == "gone"


def _attach(entry, by):
    return services.attach(entry, files.upload("a.pdf", files.pdf_bytes()), doc_type="other", language="en", by=by)


def test_task_does_not_overwrite_a_replacement(draft, alice, monkeypatch):
    document = _attach(draft, alice)  # no commit in this test: the task has not run

    def replaced_while_reading(file, kind):
        Document.objects.filter(pk=document.pk).update(file="documents/2026/replacement.pdf")
        return "text of the old file"

    monkeypatch.setattr(tasks, "extract_text", replaced_while_reading)
    extract_document_text.call(document.pk)
    document.refresh_from_db()
    assert (document.text, document.extraction_status) == ("", Extraction.PENDING)


def test_task_flags_a_missing_file(draft, alice):
    document = _attach(draft, alice)
    document.file.storage.delete(document.file.name)
    assert extract_document_text.call(document.pk) == Extraction.FAILED
    document.refresh_from_db()
    assert document.extraction_status == Extraction.FAILED


def test_pdfs_read_before_pages_were_kept_are_read_again(draft, alice, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        document = services.attach(draft, files.upload("spec.pdf", files.pdf_pages("Scope", "Take-back clause")),
                                   doc_type="specification", language="en", by=alice)
    Document.objects.filter(pk=document.pk).update(text="Scope\nTake-back clause")  # as an earlier version read it
    out = io.StringIO()
    call_command("read_pdf_pages", "--dry-run", stdout=out)
    assert out.getvalue() == "1 PDF(s) read without their pages would be queued to be read again.\n"
    call_command("read_pdf_pages", stdout=out)  # the immediate task backend in tests: read at once
    document.refresh_from_db()
    assert document.text == "Scope\fTake-back clause\f"
    out = io.StringIO()
    call_command("read_pdf_pages", stdout=out)
    assert out.getvalue() == "0 PDF(s) read without their pages queued to be read again.\n"
