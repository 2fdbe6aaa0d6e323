"""The upload form and the early size limit, through the test client."""

import io

import pytest
from django.core.files.uploadhandler import SkipFile, StopUpload
from django.test import RequestFactory

from buyersgroup.core.models import SecurityEvent
from buyersgroup.documents.uploadhandlers import DocumentSizeLimitHandler, refused_upload
from tests.documents import files
from tests.documents.conftest import stored_files

pytestmark = pytest.mark.urls("tests.documents.urls")


def post(client, name, data, **fields):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/test-upload/", {"doc_type": "specification", "language": "fr", **fields, "file": upload})


def test_form_renders_labelled_fields_with_the_limit(client, alice, settings):
    settings.DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    client.force_login(alice)
    html = client.get("/test-upload/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".pdf,.docx,.odt,.xlsx,.ods"' in html
    assert "PDF, DOCX, ODT, XLSX or ODS, up to 20 MB." in html
    for field in ("id_doc_type", "id_language", "id_file"):
        assert f'<label for="{field}">' in html
    assert '<button type="submit" class="button primary">Upload</button>' in html


def test_valid_file_passes_the_form(client, alice):
    client.force_login(alice)
    response = post(client, "grid.ods", files.ods_bytes())
    assert response.content == b"accepted ods"


def test_refusal_shows_on_the_file_field_and_is_logged(client, alice):
    client.force_login(alice)
    response = post(client, "page.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file_errors"' in html and "Only PDF, Word (DOCX)" in html
    event = SecurityEvent.objects.get(kind="upload_refused")
    assert event.actor == alice
    assert event.detail == {"reason": "not_allowed", "file_name": "page.pdf", "size": 38}


def test_missing_file_is_not_a_refusal(client, alice):
    client.force_login(alice)
    response = client.post("/test-upload/", {"doc_type": "other", "language": "nl"})
    assert "This field is required." in response.content.decode()
    assert not SecurityEvent.objects.filter(kind="upload_refused").exists()


def test_body_far_over_the_limit_is_cut_off_at_the_file(client, alice, settings):
    """Content-Length alone says it is too large: the file part is never read."""
    settings.DOCUMENT_MAX_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(alice)
    response = post(client, "huge.pdf", files.pdf_bytes() + bytes(200 * 1024))

    html = response.content.decode()
    assert response.status_code == 400
    assert "The file is larger than 1 MB" in html
    assert "This field is required." not in html  # type and language came before the file
    assert stored_files() == []
    event = SecurityEvent.objects.get(kind="upload_refused")
    assert event.actor == alice
    assert event.detail["reason"] == "too_large" and event.detail["file_name"] == "huge.pdf"


def test_file_over_the_limit_is_dropped_while_it_streams(client, alice, settings):
    settings.DOCUMENT_MAX_BYTES = 100 * 1024  # the body fits the room for fields, the file does not
    client.force_login(alice)
    response = post(client, "big.pdf", files.pdf_bytes() + bytes(150 * 1024))

    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="upload_refused").count() == 1


def test_handler_counts_each_file_and_stops_at_the_limit(settings, alice):
    settings.DOCUMENT_MAX_BYTES = 100
    request = RequestFactory().post("/")
    request.user = alice
    handler = DocumentSizeLimitHandler(request)
    handler.handle_raw_input(None, {}, 150, b"boundary")
    handler.new_file("file", "a.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert refused_upload(request) == {"field": "file", "name": "a.pdf", "size": 120}


def test_handler_stops_reading_when_the_declared_body_is_too_large(settings, alice):
    settings.DOCUMENT_MAX_BYTES = 100
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    request = RequestFactory().post("/")
    request.user = alice
    handler = DocumentSizeLimitHandler(request)
    handler.handle_raw_input(None, {}, 2 * 1024**3, b"boundary")
    with pytest.raises(StopUpload) as stop:
        handler.new_file("file", "huge.pdf", "application/pdf", None)
    assert stop.value.connection_reset is True  # the rest of the 2 GB is never read
    assert refused_upload(request)["size"] == 2 * 1024**3
