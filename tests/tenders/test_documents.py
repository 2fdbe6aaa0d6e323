"""Documents on a tender's page: upload, refusal, removal — and who may do it."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from buyersgroup.core.models import SecurityEvent
from buyersgroup.documents.models import Document


def pdf(name="specification.pdf", text="Refurbished laptops with a take-back clause"):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def upload(client, tender, file):
    return client.post(
        reverse("tenders:upload_document", args=[tender.pk]),
        {"doc_type": "specification", "language": "nl", "file": file},
    )


def test_author_uploads_a_pdf_shown_on_the_page_and_searchable(client, alice, make_tender, django_capture_on_commit_callbacks):
    tender = make_tender()
    client.force_login(alice)
    page = client.get(reverse("tenders:upload_document", args=[tender.pk])).content.decode()
    assert "PDF, DOCX, ODT, XLSX or ODS" in page and 'enctype="multipart/form-data"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, tender, pdf())
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.entry == tender and document.original_name == "specification.pdf"
    assert "take-back clause" in document.text
    detail = client.get(tender.get_absolute_url()).content.decode()
    assert "specification.pdf" in detail and reverse("documents:download", args=[document.pk]) in detail


def test_refused_upload_says_why_stores_nothing_and_is_logged(client, alice, make_tender):
    tender = make_tender()
    client.force_login(alice)
    fake = SimpleUploadedFile("specification.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = upload(client, tender, fake)
    assert response.status_code == 400
    assert "Only PDF, Word (DOCX)" in response.content.decode()
    assert not Document.objects.exists()
    assert SecurityEvent.objects.filter(kind="upload_refused", actor=alice).exists()


def test_colleague_removes_a_document(client, alice, bob, make_tender):
    tender = make_tender()
    client.force_login(alice)
    upload(client, tender, pdf())
    document = Document.objects.get()
    client.force_login(bob)
    response = client.post(reverse("tenders:delete_document", args=[tender.pk]), {"document": document.pk})
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_documents_of_a_published_tender_change_only_through_a_revision(client, alice, make_tender):
    tender = make_tender(status="published")
    client.force_login(alice)
    assert upload(client, tender, pdf()).status_code == 404
    assert client.get(reverse("tenders:upload_document", args=[tender.pk])).status_code == 404


def test_others_cannot_upload_or_remove(client, alice, carol, cora, make_tender):
    tender = make_tender(status="changes_requested")
    client.force_login(alice)
    upload(client, tender, pdf())
    document = Document.objects.get()
    client.force_login(carol)
    assert upload(client, tender, pdf("other.pdf")).status_code == 404
    assert client.post(reverse("tenders:delete_document", args=[tender.pk]), {"document": document.pk}).status_code == 404
    assert Document.objects.count() == 1


def test_a_document_of_another_tender_cannot_be_removed_through_this_one(client, alice, make_tender):
    mine, other = make_tender(), make_tender()
    client.force_login(alice)
    upload(client, other, pdf())
    document = Document.objects.get()
    response = client.post(reverse("tenders:delete_document", args=[mine.pk]), {"document": document.pk})
    assert response.status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_published_revision_carries_its_documents(client, alice, carol, cora, make_tender, django_capture_on_commit_callbacks):
    from buyersgroup.moderation.services import transition
    from tenders.models import Tender

    tender = make_tender(status="published")
    from buyersgroup.documents import services

    services.attach(tender, pdf("old.pdf"), doc_type="specification", language="nl", by=alice)
    client.force_login(alice)
    from tests.tenders.helpers import edit_page_data

    client.post(reverse("tenders:edit", args=[tender.pk]), edit_page_data(client, tender))
    revision = Tender.objects.get(revision_of=tender)
    old_copy = revision.documents.get()
    client.post(reverse("tenders:delete_document", args=[revision.pk]), {"document": old_copy.pk})
    upload(client, revision, pdf("new.pdf"))
    client.force_login(carol)
    assert "old.pdf" in client.get(tender.get_absolute_url()).content.decode()  # still the published one

    transition(revision, "submit", alice)
    transition(Tender.objects.get(pk=revision.pk), "publish", cora)
    names = [d.original_name for d in Tender.objects.get(pk=tender.pk).documents.all()]
    assert names == ["new.pdf"]
    page = client.get(tender.get_absolute_url()).content.decode()
    assert "new.pdf" in page and "old.pdf" not in page
