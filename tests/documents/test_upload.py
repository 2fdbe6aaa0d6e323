"""Uploads through services.attach: real files accepted, dangerous ones refused with nothing stored."""

import pytest
from django.core.exceptions import ValidationError

from buyersgroup.core.models import SecurityEvent
from buyersgroup.documents import services
from buyersgroup.documents.models import Document, Extraction
from tests.documents import files
from tests.documents.conftest import stored_files

ACCEPTED = [
    ("specification.pdf", files.pdf_bytes, "pdf", "application/pdf"),
    ("specification.docx", files.docx_bytes, "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("specification.odt", files.odt_bytes, "odt", "application/vnd.oasis.opendocument.text"),
    ("evaluation grid.xlsx", files.xlsx_bytes, "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("evaluation grid.ods", files.ods_bytes, "ods", "application/vnd.oasis.opendocument.spreadsheet"),
]


def attach(entry, name, data, by, content_type="application/octet-stream"):
    return services.attach(
        entry, files.upload(name, data, content_type), doc_type="specification", language="nl", by=by
    )


@pytest.mark.parametrize(("name", "build", "kind", "mime"), ACCEPTED)
def test_valid_document_is_stored_and_its_text_extracted(
    draft, alice, name, build, kind, mime, django_capture_on_commit_callbacks
):
    data = build()
    with django_capture_on_commit_callbacks(execute=True):
        document = attach(draft, name, data, alice)

    document.refresh_from_db()
    assert (document.kind, document.mime, document.original_name) == (kind, mime, name)
    assert document.size == len(data)
    assert document.entry == draft and list(draft.documents.all()) == [document]
    assert document.extraction_status == Extraction.DONE
    assert files.SENTENCE in document.text
    assert stored_files() == [document.file.name]
    assert document.file.name.startswith("documents/") and document.file.name.endswith(f".{kind}")
    assert name not in document.file.name  # the server makes the name up
    assert not SecurityEvent.objects.filter(kind="upload_refused").exists()


def test_browser_content_type_is_not_trusted(draft, alice):
    document = attach(draft, "spec.docx", files.docx_bytes(), alice, content_type="application/pdf")
    assert document.kind == "docx"


REFUSED = [
    ("executable renamed .pdf", "invoice.pdf", lambda: b"MZ\x90\x00\x03\x00\x00\x00" + bytes(2000), "not_allowed",
     "Only PDF, Word (DOCX)"),
    ("HTML named .pdf", "page.pdf", lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
     "not_allowed", "Only PDF, Word (DOCX)"),
    ("HTML named .docx", "page.docx", lambda: b"<html><body>Hello</body></html>", "not_allowed",
     "Only PDF, Word (DOCX)"),
    ("SVG", "logo.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "not_allowed", "Only PDF, Word (DOCX)"),
    ("plain ZIP archive", "archive.docx", lambda: files.rezip(files.docx_bytes(), replace={
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               b'package/2006/content-types"/>'}), "not_allowed", "Only PDF, Word (DOCX)"),
    ("empty file", "empty.pdf", lambda: b"", "empty", "The file is empty."),
    ("DOCX named .pdf", "specification.pdf", files.docx_bytes, "mismatch", "does not match the content"),
    ("PDF named .docx", "specification.docx", files.pdf_bytes, "mismatch", "does not match the content"),
    ("macro-enabled .docm", "budget.docm", files.macro_docx, "macros", "contains macros"),
    ("macro-enabled named .docx", "budget.docx", files.macro_docx, "macros", "contains macros"),
    ("ODT with Basic macros", "letter.odt", files.odt_with_basic_macros, "macros", "contains macros"),
    ("PDF with document JavaScript", "tender.pdf", files.pdf_with_open_action_javascript, "active_content",
     "contains JavaScript"),
    ("PDF with /OpenAction JavaScript", "tender.pdf", files.pdf_with_hand_written_open_action, "active_content",
     "contains JavaScript"),
    ("PDF with escaped names only pypdf sees", "tender.pdf", lambda: files.pdf_with_hand_written_open_action(
        b"<< /Type /Action /S /Java#53cript /J#53 (app.alert\\(1\\)) >>"), "active_content", "contains JavaScript"),
    ("PDF with a Launch action", "tender.pdf", lambda: files.pdf_with_hand_written_open_action(
        b"<< /S /Launch /F (calc.exe) >>"), "active_content", "contains JavaScript"),
    ("PDF with an attached file", "tender.pdf", files.pdf_with_attachment, "embedded_files", "files attached"),
]


@pytest.mark.parametrize(("case", "name", "build", "code", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_refused_upload_stores_nothing_and_is_logged(draft, alice, case, name, build, code, message,
                                                       django_capture_on_commit_callbacks):
    data = build()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        attach(draft, name, data, alice)

    assert refused.value.code == code
    assert message in refused.value.messages[0]
    assert Document.objects.count() == 0
    assert stored_files() == []
    event = SecurityEvent.objects.get(kind="upload_refused")
    assert event.actor == alice
    assert event.detail == {"reason": code, "file_name": name, "size": len(data)}


def test_file_over_the_limit_is_refused_with_the_limit_in_the_message(draft, alice, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    data = files.pdf_bytes() + b"%" + bytes(1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        attach(draft, "big.pdf", data, alice)
    assert refused.value.code == "too_large"
    assert "larger than 1 MB" in refused.value.messages[0]
    assert Document.objects.count() == 0 and stored_files() == []
    assert SecurityEvent.objects.get(kind="upload_refused").detail["reason"] == "too_large"


def test_docx_zip_bomb_is_refused_before_inflating(draft, alice, settings):
    """300 MB of zeros inside a real DOCX (about 300 kB on disk): far over the unpacked limit."""
    settings.DOCUMENT_ZIP_MAX_RATIO = 10**9  # only the total unpacked size may stop this one
    bomb = files.zip_bomb_docx(300 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        attach(draft, "bomb.docx", bomb, alice)
    assert refused.value.code == "zip_limits"
    assert "zip bomb" in refused.value.messages[0]
    assert Document.objects.count() == 0 and stored_files() == []


def test_zip_entry_with_a_high_compression_ratio_is_refused(draft, alice):
    bomb = files.zip_bomb_docx(5 * 1024 * 1024)  # well under the unpacked limit, ratio about 1000
    with pytest.raises(ValidationError) as refused:
        attach(draft, "ratio.docx", bomb, alice)
    assert refused.value.code == "zip_limits"
    assert Document.objects.count() == 0 and stored_files() == []


def test_too_many_zip_entries_are_refused(draft, alice, settings):
    settings.DOCUMENT_ZIP_MAX_ENTRIES = 20
    crowded = files.rezip(files.docx_bytes(), add={f"word/media/image{n}.png": b"x" for n in range(20)})
    with pytest.raises(ValidationError) as refused:
        attach(draft, "crowded.docx", crowded, alice)
    assert refused.value.code == "zip_limits"


def test_zip_entry_climbing_out_of_the_folder_is_refused(draft, alice):
    sneaky = files.rezip(files.docx_bytes(), add={"../../evil.txt": b"x"})
    with pytest.raises(ValidationError) as refused:
        attach(draft, "sneaky.docx", sneaky, alice)
    assert refused.value.code == "unsafe_names"


def test_pdf_opening_on_a_page_is_accepted(draft, alice):
    """/OpenAction as a destination (open at page 1, fit) is navigation, not an action."""
    document = attach(draft, "goto.pdf", files.pdf_with_hand_written_open_action(b"[3 0 R /Fit]"), alice)
    assert document.kind == "pdf"


def test_unreadable_pdf_is_kept_and_flagged(draft, alice, django_capture_on_commit_callbacks):
    """Decision: a right header with a body nobody can parse is stored; the text status says so."""
    data = b"%PDF-1.7\n" + bytes(range(256)) * 20
    with django_capture_on_commit_callbacks(execute=True):
        document = attach(draft, "scan.pdf", data, alice)
    document.refresh_from_db()
    assert document.extraction_status == Extraction.FAILED
    assert document.text == ""
    assert "No text could be read" in document.extraction_note
    assert stored_files() == [document.file.name]


def test_pdf_without_text_is_flagged(draft, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = attach(draft, "scan.pdf", files.pdf_bytes(text=""), alice)
    document.refresh_from_db()
    assert document.extraction_status == Extraction.FAILED


def test_display_name_is_cleaned(draft, alice):
    document = attach(draft, "Bestek\u202egnp.pdf", files.pdf_bytes(), alice)
    assert document.original_name == "Bestekgnp.pdf"
