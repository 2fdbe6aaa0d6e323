"""Read the text of a document, for search (SPEC §5).

PDF with pypdfium2 (fast, low memory), pypdf when pdfium gives up; DOCX with
python-docx (paragraphs and tables); ODT and ODS with odfpy (every paragraph
and heading, which in a spreadsheet are the cell contents); XLSX with openpyxl
in read-only mode (cell values). Office files were checked against zip bombs at
upload (validation.py) before any of these libraries open them.

``extract_text`` raises whatever the library raises: the task decides what a
failure means for the document.

A PDF's text keeps its pages: each page ends with a form feed (PAGE_END), so
search can say on which page the words were found ("specification.pdf, page
12"). Text search reads the form feed as a space.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MAX_CHARACTERS = 1_000_000  # enough for any tender; a cap, not a goal
PAGE_END = "\f"


def extract_text(file, kind: str) -> str:
    """The text of ``file`` (an open binary file or a path), at most MAX_CHARACTERS."""
    # Unwrap Django's File: it is falsy without a name, which zipfile takes for "closed".
    file = getattr(file, "file", file)
    if kind == "pdf":
        return _paged(_pdf(file))
    readers = {"docx": _docx, "odt": _odf, "ods": _odf, "xlsx": _xlsx}
    return _capped(readers[kind](file))


def _paged(pages: Iterable[str]) -> str:
    """Every page, empty ones too (they count), each ended by PAGE_END; "" when no page has text."""
    pages = [(page or "").replace(PAGE_END, " ").strip() for page in pages]
    if not any(pages):
        return ""
    return "".join(page + PAGE_END for page in pages)[:MAX_CHARACTERS]


def _capped(pieces: Iterable[str]) -> str:
    kept, length = [], 0
    for piece in pieces:
        piece = (piece or "").replace(PAGE_END, " ").strip()
        if not piece:
            continue
        kept.append(piece)
        length += len(piece) + 1
        if length >= MAX_CHARACTERS:
            break
    return "\n".join(kept)[:MAX_CHARACTERS]


def _pdf(file) -> Iterator[str]:
    try:
        pieces = list(_capped_pages(_pdfium_pages(file)))
    except Exception:
        if hasattr(file, "seek"):
            file.seek(0)
        pieces = list(_capped_pages(_pypdf_pages(file)))
    yield from pieces


def _capped_pages(pages: Iterable[str]) -> Iterator[str]:
    length = 0
    for text in pages:
        yield text
        length += len(text)
        if length >= MAX_CHARACTERS:
            return


def _pdfium_pages(file) -> Iterator[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(file)
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            try:
                yield text_page.get_text_range()
            finally:
                text_page.close()
                page.close()
    finally:
        document.close()


def _pypdf_pages(file) -> Iterator[str]:
    from pypdf import PdfReader

    for page in PdfReader(file, strict=False).pages:
        yield page.extract_text() or ""


def _docx(file) -> Iterator[str]:
    import docx

    document = docx.Document(file)
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " | ".join(cell.text for cell in row.cells)


def _odf(file) -> Iterator[str]:
    from odf.opendocument import load

    yield from _odf_paragraphs(load(file).body)


def _odf_paragraphs(node) -> Iterator[str]:
    """Headings and paragraphs in document order (in a spreadsheet: the cells)."""
    from odf import teletype
    from odf.namespaces import TEXTNS

    for child in node.childNodes:
        if getattr(child, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h")):
            yield teletype.extractText(child)
        else:
            yield from _odf_paragraphs(child)


def _xlsx(file) -> Iterator[str]:
    import openpyxl

    workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                values = [str(value) for value in row if value is not None and str(value).strip()]
                if values:
                    yield " | ".join(values)
    finally:
        workbook.close()
