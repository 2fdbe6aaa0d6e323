"""Fault drills against the portal running as in production: gunicorn, DEBUG off, S3 storage.

- a gunicorn worker SIGKILLed in the middle of a 20 MB upload;
- the database going away while the portal runs, and coming back.
"""

import io
import os
import signal
import socket

import pytest
from django.core.management import call_command
from django.urls import reverse

from buyersgroup.documents.models import Document
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.processes import (
    PASSWORD,
    Browser,
    DatabaseLink,
    gunicorn,
    gunicorn_workers,
    http_get,
    multipart,
    wait_until,
)


def upload_path(tender) -> str:
    return reverse("tenders:upload_document", args=[tender.pk])


def unfinished_uploads(folder) -> list:
    return sorted(path.name for path in folder.glob("tmp*.upload*"))


def test_worker_killed_mid_upload_leaves_no_half_document_and_the_portal_keeps_serving(
    portal_env, member, s3, tmp_path, settings
):
    tender = make_tender(member)
    upload_tmp = tmp_path / "upload-tmp"
    with gunicorn(portal_env, tmp_path) as server:
        browser = Browser(server.base_url)
        browser.log_in(member.email, PASSWORD)
        token = browser.csrf_token(upload_path(tender))
        big = files.pdf_bytes() + os.urandom(20 * 1024 * 1024)
        body, content_type = multipart(
            {"csrfmiddlewaretoken": token, "doc_type": "specification", "language": "nl"},
            {"file": ("big specification.pdf", big)},
        )
        head = (
            f"POST {upload_path(tender)} HTTP/1.1\r\nHost: {browser.host}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nX-Forwarded-Proto: https\r\nOrigin: https://{browser.host}\r\n"
            f"Referer: https://{browser.host}{upload_path(tender)}\r\n"
            f"Cookie: {'; '.join(f'{k}={v}' for k, v in browser.cookies.items())}\r\n\r\n"
        ).encode()
        [worker] = gunicorn_workers(server)
        with socket.create_connection(("127.0.0.1", int(browser.address.split(":")[1]))) as sending:
            sending.sendall(head + body[: len(body) // 2])  # half of it: the worker is receiving
            wait_until(
                lambda: any(path.stat().st_size > 5_000_000 for path in upload_tmp.glob("tmp*.upload*")),
                timeout=30, what="the upload reaching the temporary file",
            )
            os.kill(worker, signal.SIGKILL)

        # Nothing recorded, nothing stored; the temporary file is the only trace, and prune removes it.
        assert Document.objects.count() == 0
        assert s3.keys() == []
        assert len(unfinished_uploads(upload_tmp)) == 1
        settings.FILE_UPLOAD_TEMP_DIR = str(upload_tmp)
        call_command("prune_document_files", "--min-age-hours", "0", stdout=io.StringIO())
        assert unfinished_uploads(upload_tmp) == []

        # gunicorn replaced the worker: the portal keeps serving, the same upload now works.
        wait_until(lambda: http_get(server.base_url + "/healthz")[0] == 200, timeout=30, what="new worker")
        assert gunicorn_workers(server) != [worker]
        response = browser.post(
            upload_path(tender), {"doc_type": "specification", "language": "nl"},
            files={"file": ("specification.pdf", files.pdf_bytes())},
        )
        assert response.status == 302
    document = Document.objects.get()
    assert document.original_name == "specification.pdf"
    assert s3.keys() == [document.file.name]


@pytest.fixture
def database_link(transactional_db):
    link = DatabaseLink().restore()
    yield link
    link.cut()


def test_database_down_gives_503_and_the_portal_recovers_by_itself(portal_env, member, tmp_path, database_link):
    make_tender(member, status="published", title="Published laptops")
    env = {**portal_env, "DATABASE_URL": database_link.url(), "DATABASE_CONNECT_TIMEOUT": "2"}
    with gunicorn(env, tmp_path) as server:
        browser = Browser(server.base_url)
        browser.log_in(member.email, PASSWORD)
        assert "Published laptops" in browser.get("/tenders/").text
        [worker] = gunicorn_workers(server)

        database_link.cut()
        assert http_get(server.base_url + "/healthz") == (503, b'{"status": "unavailable"}')
        for path in ("/", "/tenders/"):
            page = browser.get(path)
            assert page.status == 503, path
            assert page.getheader("Retry-After") == "30"
            assert "<h1>Briefly unavailable</h1>" in page.text
            assert "Nothing you saved before is lost." in page.text
            assert "Traceback" not in page.text and "OperationalError" not in page.text

        database_link.restore()
        wait_until(lambda: http_get(server.base_url + "/healthz")[0] == 200, timeout=20, what="recovery")
        assert "Published laptops" in browser.get("/tenders/").text  # same session, no new login
        assert gunicorn_workers(server) == [worker]  # no restart
