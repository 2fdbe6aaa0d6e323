"""Two app servers side by side over one PostgreSQL and one S3 bucket, with one task worker.

Sessions, documents, login rate limits and the task queue live in the shared
database and bucket, so it does not matter which server a request reaches.
"""

import json
import urllib.request

from django.urls import reverse

from buyersgroup.documents.models import Document, Extraction
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.processes import PASSWORD, Browser, gunicorn, http_get, task_worker, wait_until

TOO_MANY = "Too many failed login attempts"


def healthz_full(base_url, token):
    request = urllib.request.Request(base_url + "/healthz?full=1", headers={"X-Healthz-Token": token})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_two_app_servers_share_sessions_documents_limits_and_the_queue(portal_env, member, bob, s3, tmp_path):
    tender = make_tender(member, title="Shared laptops")
    env = {**portal_env, "HEALTHZ_TOKEN": "operators-only-token", "TASK_CHECK_SECONDS": "1"}
    with gunicorn(env, tmp_path, name="app-a") as a, gunicorn(env, tmp_path, name="app-b") as b:
        # A session made on A works on B.
        on_a = Browser(a.base_url)
        on_a.log_in(member.email, PASSWORD)
        on_b = Browser(b.base_url)
        on_b.cookies = dict(on_a.cookies)
        page = on_b.get(tender.get_absolute_url())
        assert page.status == 200 and "Shared laptops" in page.text

        # A document uploaded through A downloads through B; its extraction waits for the worker.
        data = files.pdf_bytes()
        upload = on_a.post(
            reverse("tenders:upload_document", args=[tender.pk]), {"doc_type": "specification", "language": "nl"},
            files={"file": ("spec.pdf", data)},
        )
        assert upload.status == 302
        document = Document.objects.get()
        assert document.extraction_status == Extraction.PENDING
        download = on_b.get(reverse("documents:download", args=[document.pk]))
        assert download.status == 302
        with urllib.request.urlopen(download.getheader("Location"), timeout=10) as s3_response:
            assert s3_response.read() == data

        # The task queued by A is run by the worker.
        assert healthz_full(a.base_url, "operators-only-token")[1]["task_worker"]["ok"] is False
        with task_worker(env, tmp_path) as worker:
            wait_until(lambda: Document.objects.get().extraction_status == Extraction.DONE, timeout=60,
                       what="extraction", process=worker, log=worker.log)
            status, report = healthz_full(b.base_url, "operators-only-token")
        assert files.SENTENCE in Document.objects.get().text
        assert status == 200, report
        assert report["storage"] == {"ok": True, "backend": "s3"}
        assert report["task_worker"]["ok"] is True and report["task_worker"]["waiting"] == 0
        assert s3.keys() == [document.file.name]  # the probe file was removed again

        # Failed logins count on both servers: 5 per address per 5 minutes, wherever they land.
        outcomes = []
        for server in (a, b, a, b, a, b):
            response = Browser(server.base_url).post(
                "/accounts/login/", {"login": bob.email, "password": "not bob's password at all"}
            )
            outcomes.append("refused" if TOO_MANY in response.text else "wrong")
        assert outcomes == ["wrong"] * 5 + ["refused"]

        # Without the token, the public answer says nothing more.
        assert http_get(a.base_url + "/healthz?full=1") == (200, b'{"status": "ok"}')
