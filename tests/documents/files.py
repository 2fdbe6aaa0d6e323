"""Real files built in the test, as a member's office software would write them."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

SENTENCE = "Refurbished laptops with take-back clause"


def pdf_bytes(text: str = SENTENCE) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def pdf_pages(*texts: str) -> bytes:
    """A PDF of one page per text ("" for a blank page)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for text in texts:
        if text:
            page.drawString(72, 720, text)
        page.showPage()
    page.save()
    return buffer.getvalue()


def pdf_with_open_action_javascript() -> bytes:
    """What a booby-trapped PDF looks like: JavaScript run when the file opens."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.add_open_action(JavaScript("app.alert('hello');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_hand_written_open_action(action: bytes = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>") -> bytes:
    """A minimal PDF written by hand, uncompressed, whose /OpenAction is ``action``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        action,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_with_attachment() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(text: str = SENTENCE) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Specification", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Lot 1"
    table.cell(0, 1).text = "Docking stations"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(text: str = SENTENCE) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Criterion", "Weight"])
    sheet.append([text, 30])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes(text: str = SENTENCE) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Specification"))
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_bytes(text: str = SENTENCE) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Criteria")
    for value in ("Criterion", text):
        row = TableRow()
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def rezip(original: bytes, *, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip container, replacing or adding entries (deflated)."""
    add, replace = add or {}, replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, replace.get(info.filename, source.read(info.filename)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(unpacked_bytes: int) -> bytes:
    """A real DOCX plus one entry of zeros, written in chunks (never all in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        with target.open("word/media/padding.bin", "w", force_zip64=True) as entry:
            chunk = bytes(1024 * 1024)
            left = unpacked_bytes
            while left > 0:
                entry.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return out.getvalue()


def macro_docx() -> bytes:
    """A DOCX carrying a VBA project and the macro-enabled content type (a .docm)."""
    original = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        types = source.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return rezip(original, replace={"[Content_Types].xml": types}, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"})


def odt_with_basic_macros() -> bytes:
    return rezip(
        odt_bytes(),
        add={
            "Basic/Standard/Module1.xml": b'<?xml version="1.0"?><script:module script:name="Module1">Sub Main\nEnd Sub</script:module>',
            "Basic/script-lc.xml": b'<?xml version="1.0"?><library:libraries/>',
        },
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
