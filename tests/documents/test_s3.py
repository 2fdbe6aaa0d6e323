"""Documents on S3-compatible storage, against a real SeaweedFS server the tests start.

Everything that works on local disk works on S3: upload through the entry's page,
text extraction, download (a short-lived presigned URL, only after the access
check), delete, replace and the prune of orphans. The bucket is private, the
keys are made by the server and a key is never overwritten.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from buyersgroup.documents import services
from buyersgroup.documents.models import Document, Extraction
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.processes import http_get


def attach(entry, by, name="Bestek laptops é.pdf", data=None):
    return services.attach(
        entry, files.upload(name, data or files.pdf_bytes()), doc_type="specification", language="nl", by=by
    )


def test_upload_through_the_page_stores_a_private_object_under_a_server_made_key(
    client, s3, draft, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tenders:upload_document", args=[draft.pk]),
            {"doc_type": "specification", "language": "nl", "file": files.upload("../../etc/passwd.pdf", files.pdf_bytes())},
        )
    assert response.status_code == 302
    document = Document.objects.get()
    assert s3.keys() == [document.file.name]
    assert document.file.name.startswith("documents/") and "passwd" not in document.file.name
    # Text extraction read the object back from the bucket.
    assert document.extraction_status == Extraction.DONE and files.SENTENCE in document.text
    # The bucket is private: without a signature the object is refused.
    status, _ = http_get(f"{s3.server.endpoint}/{s3.name}/{document.file.name}")
    assert status == 403


def test_download_redirects_to_a_short_lived_presigned_url_as_an_attachment(client, s3, draft, alice):
    data = files.pdf_bytes()
    document = attach(draft, alice, data=data)
    client.force_login(alice)
    response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store"
    location = response["Location"]
    assert location.startswith(f"{s3.server.endpoint}/{s3.name}/{document.file.name}?")
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["60"]
    import urllib.request

    with urllib.request.urlopen(location, timeout=10) as s3_response:
        assert s3_response.read() == data
        assert s3_response.headers["Content-Type"] == "application/pdf"
        assert s3_response.headers["Content-Disposition"].startswith("attachment;")
        assert "Bestek%20laptops%20%C3%A9.pdf" in s3_response.headers["Content-Disposition"]


def test_no_presigned_url_for_who_may_not_see_the_entry(client, s3, draft, alice, carol):
    document = attach(draft, alice)
    client.force_login(carol)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 404
    assert "X-Amz-Signature" not in response.content.decode()


def test_a_taken_key_is_never_overwritten(s3):
    first = default_storage.save("documents/2026/same.pdf", ContentFile(b"first"))
    second = default_storage.save("documents/2026/same.pdf", ContentFile(b"second"))
    assert first == "documents/2026/same.pdf" and second != first
    with default_storage.open(first, "rb") as stored:
        assert stored.read() == b"first"


def test_delete_and_replace_leave_no_orphan_objects(s3, draft, alice, bob, django_capture_on_commit_callbacks):
    document = attach(draft, alice)
    old_key = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.replace(document, files.upload("grid.xlsx", files.xlsx_bytes()), by=bob)
    document.refresh_from_db()
    assert s3.keys() == [document.file.name] and document.file.name != old_key
    assert document.extraction_status == Extraction.DONE and files.SENTENCE in document.text

    with django_capture_on_commit_callbacks(execute=True):
        services.delete(document)
    assert Document.objects.count() == 0
    assert s3.keys() == []


def test_deleting_the_entry_removes_its_objects(s3, draft, alice, django_capture_on_commit_callbacks):
    attach(draft, alice)
    attach(draft, alice, name="grid.xlsx", data=files.xlsx_bytes())
    assert len(s3.keys()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert s3.keys() == []


def test_revision_copies_share_the_object_until_the_last_row_goes(
    s3, draft, alice, django_capture_on_commit_callbacks
):
    document = attach(draft, alice)
    copy = services.clone_for(document, make_tender(alice, title="Revision"))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete(document)
    assert s3.keys() == [copy.file.name]


def test_prune_removes_unreferenced_objects_only(s3, draft, alice):
    kept = attach(draft, alice)
    orphan = default_storage.save("documents/2026/orphan.pdf", ContentFile(files.pdf_bytes()))
    call_command("prune_document_files", "--min-age-hours", "0", stdout=io.StringIO())
    assert s3.keys() == [kept.file.name]
    assert orphan not in s3.keys()


def test_prune_leaves_fresh_objects_alone(s3):
    fresh = default_storage.save("documents/2026/in-progress.pdf", ContentFile(b"%PDF-1.4"))
    call_command("prune_document_files", stdout=io.StringIO())
    assert s3.keys() == [fresh]


@pytest.mark.django_db
def test_bucket_refusing_writes_gives_a_clear_error_and_records_nothing(
    client, s3, draft, alice, settings, seaweedfs_server
):
    """Credentials without write rights: the member is told, no row and no object."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **seaweedfs_server.storage_setting(s3.name),
            "OPTIONS": {**seaweedfs_server.storage_setting(s3.name)["OPTIONS"], "secret_key": "wrong-secret"},
        },
    }
    client.force_login(alice)
    response = client.post(
        reverse("tenders:upload_document", args=[draft.pk]),
        {"doc_type": "specification", "language": "nl", "file": files.upload("spec.pdf", files.pdf_bytes())},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The document could not be stored: the file storage is not available at the moment. "
        "Nothing was saved; please try again later."
    ]
    assert Document.objects.count() == 0
    assert s3.keys() == []
