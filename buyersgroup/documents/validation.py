"""Is this upload a document we accept? Decided from the content (SPEC §5).

The browser's content type is never looked at and the file name only has to
agree with what the content turned out to be. In order:

1. empty or larger than ``DOCUMENT_MAX_BYTES``: refused;
2. the first bytes (``filetype``): a PDF or a ZIP container, nothing else —
   HTML, SVG, executables, images, plain ZIP archives are refused;
3. ZIP containers (DOCX, XLSX, ODT, ODS) are judged on their central directory
   *before anything is inflated*: number of entries, total declared unpacked
   size, compression ratio per entry, unsafe or encrypted entries. Declared
   sizes cannot lie to us: Python's zipfile (used here and by python-docx,
   openpyxl and odfpy) never inflates an entry beyond its declared size.
   Then the type is read from ``[Content_Types].xml`` (OOXML, parsed with
   defusedxml) or the ``mimetype`` entry (OpenDocument), each with a bounded
   read; macro-enabled files are refused;
   Then every XML part is read, streaming, for active content (``_check_active_content``):
   a DTD or entity declaration (an external entity could read files of whatever
   parses the document later), embedded OLE objects and ActiveX controls,
   DDE fields and links (they start programs), relationships that load something
   from outside the file (``TargetMode="External"``: linked templates, pictures,
   frames; plain hyperlinks are kept, clicking them is the reader's choice) and
   ODF event listeners (macros run on an event). Such files are refused, never
   silently stripped: the member saves a clean copy and knows what changed;
4. PDFs carrying JavaScript, actions that run by themselves (``/OpenAction``
   other than going to a page, ``/AA``), launch actions, XFA forms or embedded
   files are refused. Embedded files are refused because an attachment inside a
   PDF would slip any file type past this allow-list. The catalog, pages and
   annotations are walked with pypdf, which sees through compressed object
   streams and ``#``-escaped names; a streaming scan of the raw bytes outside
   streams is a second line for files pypdf cannot fully parse.
   A PDF that pypdf cannot parse at all is *accepted* when its header is right
   and the byte scan finds nothing: members may still open it with a tolerant
   viewer, and the text extraction flags it as unreadable.
5. the name must end in the extension of the detected type (``.pdf`` with
   DOCX content is a mismatch).

Every refusal is a ValidationError whose message is for the member and whose
``code`` goes to the security log (services.check_upload).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buyersgroup.documents.models import MIME_TYPES, Kind

HEAD_BYTES = 8192
XML_PART_MAX_BYTES = 1024 * 1024  # [Content_Types].xml and manifest.xml are a few kB
RATIO_FREE_BYTES = 1024 * 1024  # an entry this small cannot be a bomb, whatever its ratio
ZIP_FAMILY = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}

OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": Kind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": Kind.XLSX,
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": Kind.ODT,
    "application/vnd.oasis.opendocument.spreadsheet": Kind.ODS,
}
ODF_MACRO_FOLDERS = ("basic/", "scripts/")
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch"}


@dataclass(frozen=True)
class Inspection:
    kind: str  # Kind
    mime: str
    extension: str


def accepted_types_message() -> str:
    return _(
        "Only PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX) and OpenDocument spreadsheet (ODS) "
        "files are accepted."
    )


def limit_in_mb() -> int:
    return max(1, round(settings.DOCUMENT_MAX_BYTES / (1024 * 1024)))


def too_large_error() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)s MB, the largest file the portal accepts.") % {"limit": limit_in_mb()},
        code="too_large",
    )


def clean_original_name(name: str) -> str:
    """The member's file name, safe to show and to send back in Content-Disposition."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:190]}.{extension[:9]}" if dot and len(extension) <= 9 else name[:200]
    return name or "document"


def inspect_upload(uploaded_file, original_name: str) -> Inspection:
    """Return what the file is, or raise ValidationError saying why it is refused."""
    size = uploaded_file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise too_large_error()

    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    guess = filetype.guess(head)
    if guess is not None and guess.mime == "application/pdf" and head.startswith(b"%PDF-"):
        kind = Kind.PDF
    elif guess is not None and guess.extension in ZIP_FAMILY and head.startswith(b"PK\x03\x04"):
        kind = _inspect_office_file(uploaded_file)
    else:
        raise ValidationError(accepted_types_message(), code="not_allowed")

    extension = posixpath.splitext(original_name.lower())[1].lstrip(".")
    if extension != kind:
        raise ValidationError(
            _(
                "The name “%(name)s” does not match the content of the file, which is a %(kind)s file. "
                "Check that you chose the right file, or rename it to end in “.%(expected)s”."
            )
            % {"name": original_name, "kind": Kind(kind).label, "expected": kind},
            code="mismatch",
        )
    if kind == Kind.PDF:
        _check_pdf(uploaded_file)
    uploaded_file.seek(0)
    return Inspection(kind=kind, mime=MIME_TYPES[kind], extension=kind)


# --- Office files (ZIP containers) ----------------------------------------------


def _inspect_office_file(uploaded_file) -> str:
    try:
        archive = zipfile.ZipFile(uploaded_file.file)  # reads the central directory only
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(
            _("This file is damaged: it looks like an office file but cannot be opened."), code="damaged"
        ) from None
    with archive:
        entries = archive.infolist()
        _check_zip_limits(entries)
        names = {entry.filename.lower(): entry for entry in entries}
        if "[content_types].xml" in names:
            kind = _identify_ooxml(archive, names)
        elif "mimetype" in names:
            kind = _identify_odf(archive, names)
        else:
            raise ValidationError(accepted_types_message(), code="not_allowed")
        _check_active_content(archive, entries)
        return kind


def _bomb_error() -> ValidationError:
    return ValidationError(
        _(
            "This file unpacks to far more data than a normal office document (it may be a “zip bomb”). "
            "Save it again from your office software and upload that copy."
        ),
        code="zip_limits",
    )


def _check_zip_limits(entries) -> None:
    if len(entries) > settings.DOCUMENT_ZIP_MAX_ENTRIES:
        raise _bomb_error()
    if sum(entry.file_size for entry in entries) > settings.DOCUMENT_ZIP_MAX_UNPACKED_BYTES:
        raise _bomb_error()
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise ValidationError(accepted_types_message(), code="unsafe_names")
        if entry.flag_bits & 0x1:
            raise ValidationError(
                _("This file is protected by a password. Upload a version without a password."), code="encrypted"
            )
        if entry.file_size > RATIO_FREE_BYTES and (
            entry.compress_size == 0 or entry.file_size / entry.compress_size > settings.DOCUMENT_ZIP_MAX_RATIO
        ):
            raise _bomb_error()


def _read_part(archive, entry, limit: int) -> bytes:
    """Read at most ``limit`` bytes of one entry; more means it is not what it claims."""
    with archive.open(entry) as part:
        data = part.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(accepted_types_message(), code="not_allowed")
    return data


def _parse_xml(data: bytes):
    try:
        return ElementTree.fromstring(data)
    except Exception:  # defusedxml refusals (entities, DTDs) and malformed XML alike
        raise ValidationError(accepted_types_message(), code="not_allowed") from None


def _macro_error() -> ValidationError:
    return ValidationError(
        _(
            "This file contains macros, which the portal does not accept. "
            "Save it as a document without macros (for example .docx instead of .docm) and upload that."
        ),
        code="macros",
    )


def _identify_ooxml(archive, names) -> str:
    if any(name.endswith("vbaproject.bin") for name in names):
        raise _macro_error()
    root = _parse_xml(_read_part(archive, names["[content_types].xml"], XML_PART_MAX_BYTES))
    content_types = {element.get("ContentType", "") for element in root.iter()}
    if any("macroenabled" in content_type.lower() for content_type in content_types):
        raise _macro_error()
    if OLE_CONTENT_TYPE in content_types:
        raise _embedded_object_error()
    kinds = {OOXML_MAIN[content_type] for content_type in content_types if content_type in OOXML_MAIN}
    if len(kinds) != 1:  # presentations, templates, or something odd
        raise ValidationError(accepted_types_message(), code="not_allowed")
    return kinds.pop()


def _identify_odf(archive, names) -> str:
    mimetype = _read_part(archive, names["mimetype"], 100).decode("ascii", "replace").strip()
    kind = ODF_MIMETYPES.get(mimetype)
    if kind is None:
        raise ValidationError(accepted_types_message(), code="not_allowed")
    if any(name.startswith(ODF_MACRO_FOLDERS) for name in names):
        raise _macro_error()
    manifest = names.get("meta-inf/manifest.xml")
    if manifest is not None:
        root = _parse_xml(_read_part(archive, manifest, XML_PART_MAX_BYTES))
        for element in root.iter():
            for attribute, value in element.attrib.items():
                if attribute.endswith("}full-path") and value.lower().startswith(ODF_MACRO_FOLDERS):
                    raise _macro_error()
                if attribute.endswith("}media-type") and "script" in value.lower():
                    raise _macro_error()
                if attribute.endswith("}media-type") and "oleobject" in value.lower():
                    raise _embedded_object_error()
    return kind


# --- Active content in office files ---------------------------------------------

OLE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.oleObject"
# Element names (any namespace) that only embedded objects and controls use.
EMBEDDED_OBJECT_ELEMENTS = {"OLEObject", "oleObject", "oleObjects", "object-ole", "applet", "plugin"}
DDE_ELEMENTS = {"ddeLink", "dde-source", "dde-connection", "dde-connection-decl", "dde-connection-decls", "dde-link"}
EVENT_ELEMENTS = {"event-listeners", "event-listener"}
DDE_FIELD = re.compile(r"\s*DDE(AUTO)?\b", re.IGNORECASE)  # a Word field code: { DDEAUTO c:\\…\\cmd.exe "/k calc" }
DDE_FORMULA = re.compile(r"[\w.]+\s*\|\s*(?:'[^']*'|[\w. -]+)\s*!")  # a spreadsheet formula: cmd|' /C calc'!A0
EXTERNAL_HREF = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*:|\\\\|/)", re.IGNORECASE)  # a URL, a UNC or absolute path
HYPERLINK_ELEMENTS = {"a"}  # ODF text:a and draw:a


def _embedded_object_error() -> ValidationError:
    return ValidationError(
        _(
            "This file has embedded objects (OLE objects or controls) inside it, which the portal does not accept. "
            "Paste their content into the document, or upload the embedded file separately."
        ),
        code="embedded_objects",
    )


def _dde_error() -> ValidationError:
    return ValidationError(
        _(
            "This file contains DDE fields or links, which can start programs when it is opened. "
            "Remove them (or save a copy without fields) and upload that."
        ),
        code="dde",
    )


def _external_content_error() -> ValidationError:
    return ValidationError(
        _(
            "This file loads content from outside itself when it is opened (a linked template, picture or object). "
            "Save a copy with that content included and upload that."
        ),
        code="external_content",
    )


def _unsafe_xml_error() -> ValidationError:
    return ValidationError(
        _(
            "This file contains XML declarations that office software does not write (a DTD or entities). "
            "Save it again from your office software and upload that copy."
        ),
        code="unsafe_xml",
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_active_content(archive, entries) -> None:
    """Read every XML part once, streaming, and refuse what runs or fetches something when opened."""
    for entry in entries:
        name = entry.filename.lower()
        if "embeddings/" in name and name.endswith(".bin") or name.rsplit("/", 1)[-1].startswith("oleobject"):
            raise _embedded_object_error()
        if "activex/" in name:
            raise _embedded_object_error()
        if name.endswith((".xml", ".rels")):
            _check_xml_part(archive, entry)


def _check_xml_part(archive, entry) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    fields: list[list[str]] = []  # Word field codes being read: { DDEAUTO … } may span several runs
    try:
        with archive.open(entry) as part:
            for event, element in iterparse(part, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    _check_element(element, fields)
                    continue
                tag = _local(element.tag)
                if tag == "instrText" and fields:
                    fields[-1][0] += element.text or ""
                elif tag == "f" and element.text and DDE_FORMULA.search(element.text):
                    raise _dde_error()
                element.clear()
    except DefusedXmlException:
        raise _unsafe_xml_error() from None
    except ValidationError:
        raise
    except Exception:  # malformed XML: the office software could not have written it either
        raise ValidationError(accepted_types_message(), code="not_allowed") from None


def _check_element(element, fields) -> None:
    tag, attributes = _local(element.tag), element.attrib
    if tag in EMBEDDED_OBJECT_ELEMENTS:
        raise _embedded_object_error()
    if tag in DDE_ELEMENTS:
        raise _dde_error()
    if tag in EVENT_ELEMENTS:
        raise _macro_error()
    if tag == "Relationship":
        kind = attributes.get("Type", "")
        if kind.endswith("/oleObject"):
            raise _embedded_object_error()
        if attributes.get("TargetMode", "").lower() == "external" and not kind.endswith("/hyperlink"):
            raise _external_content_error()
    elif tag == "fldSimple":
        if DDE_FIELD.match(next((v for k, v in attributes.items() if _local(k) == "instr"), "")):
            raise _dde_error()
    elif tag == "fldChar":
        kind = next((v for k, v in attributes.items() if _local(k) == "fldCharType"), "")
        if kind == "begin":
            fields.append([""])
        elif kind in ("separate", "end") and fields:
            if DDE_FIELD.match(fields[-1][0]):
                raise _dde_error()
            if kind == "end":
                fields.pop()
    elif tag not in HYPERLINK_ELEMENTS:
        for attribute, value in attributes.items():
            if _local(attribute) == "href" and attribute.startswith("{http://www.w3.org/1999/xlink}"):
                if EXTERNAL_HREF.match(value):
                    raise _external_content_error()


# --- PDF -----------------------------------------------------------------------


def _active_pdf_error() -> ValidationError:
    return ValidationError(
        _(
            "This PDF contains JavaScript or actions that run by themselves when it is opened, "
            "which the portal does not accept. Print it to a new PDF or export it again without scripts, "
            "then upload that."
        ),
        code="active_content",
    )


def _attachment_pdf_error() -> ValidationError:
    return ValidationError(
        _("This PDF has files attached inside it. Upload those files separately and the PDF without them."),
        code="embedded_files",
    )


def _check_pdf(uploaded_file) -> None:
    from pypdf import PdfReader

    if _raw_scan_finds_actions(uploaded_file):
        raise _active_pdf_error()
    uploaded_file.seek(0)
    try:
        reader = PdfReader(uploaded_file.file, strict=False)
        encrypted = reader.is_encrypted
    except Exception:  # not parseable at all: accepted, flagged unreadable by the extraction
        return
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:
            opened = False
        if not opened:
            raise ValidationError(
                _("This PDF is protected by a password. Upload a version without a password."), code="encrypted"
            )
    try:
        problem = _walk_pdf(reader)
    except Exception:  # a damaged structure: same decision as above, the raw scan stays
        return
    if problem == "attachment":
        raise _attachment_pdf_error()
    if problem:
        raise _active_pdf_error()


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _name_tree_has_entries(node) -> bool:
    node = _resolve(node)
    return bool(node) and bool(_resolve(node.get("/Names")) or _resolve(node.get("/Kids")))


def _action_is_active(action, depth: int = 0) -> bool:
    """A JavaScript or Launch action, or a chain (/Next) leading to one."""
    action = _resolve(action)
    if depth > 20 or not hasattr(action, "get"):
        return False
    if action.get("/S") in PDF_ACTIVE_ACTIONS or "/JS" in action:
        return True
    chained = _resolve(action.get("/Next"))
    if chained is None:
        return False
    chain = chained if isinstance(chained, list) else [chained]
    return any(_action_is_active(item, depth + 1) for item in chain)


def _walk_pdf(reader) -> str:
    """Return "active", "attachment" or "" after looking where actions and attachments live."""
    root = _resolve(reader.trailer["/Root"])
    names = _resolve(root.get("/Names")) or {}
    if "/JavaScript" in names and _name_tree_has_entries(names["/JavaScript"]):
        return "active"
    if "/AA" in root:
        return "active"
    open_action = _resolve(root.get("/OpenAction"))
    if hasattr(open_action, "get") and (open_action.get("/S") != "/GoTo" or _action_is_active(open_action)):
        return "active"
    acroform = _resolve(root.get("/AcroForm")) or {}
    if "/XFA" in acroform:
        return "active"
    if "/EmbeddedFiles" in names and _name_tree_has_entries(names["/EmbeddedFiles"]):
        return "attachment"
    for page in reader.pages:
        if "/AA" in page:
            return "active"
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if not hasattr(annotation, "get"):
                continue
            if "/AA" in annotation or _action_is_active(annotation.get("/A")):
                return "active"
            if annotation.get("/Subtype") == "/FileAttachment":
                return "attachment"
    return ""


SCAN_CHUNK = 256 * 1024
SCAN_OVERLAP = 64
# Outside streams, these only appear in a JavaScript or Launch action.
RAW_ACTIVE = re.compile(rb"/S\s*/(?:JavaScript|Launch)\b|/JS\b")


def _raw_scan_finds_actions(uploaded_file) -> bool:
    """Scan the raw bytes, skipping stream contents, in bounded chunks.

    Stream data (images, fonts, compressed text) is skipped so that random
    binary bytes cannot look like a keyword; the flip side is that keywords in
    compressed object streams are invisible here, which is why ``_walk_pdf``
    is the main check.
    """
    uploaded_file.seek(0)
    buffer = b""
    inside_stream = False
    while chunk := uploaded_file.read(SCAN_CHUNK):
        buffer += chunk
        position = 0
        while True:
            if inside_stream:
                end = buffer.find(b"endstream", position)
                if end < 0:
                    position = max(position, len(buffer) - SCAN_OVERLAP)
                    break
                inside_stream, position = False, end + len(b"endstream")
                continue
            start = buffer.find(b"stream", position)
            while start >= 3 and buffer[start - 3 : start] == b"end":  # a stray "endstream"
                start = buffer.find(b"stream", start + 6)
            if RAW_ACTIVE.search(buffer, position, start if start >= 0 else len(buffer)):
                return True
            if start < 0:
                position = max(position, len(buffer) - SCAN_OVERLAP)
                break
            inside_stream, position = True, start + len(b"stream")
        buffer = buffer[position:]
    return False
