"""Downloads: only for who may see the entry; as attachments the browser never renders."""

import pytest
from django.urls import reverse

from buyersgroup.documents import services
from buyersgroup.moderation.models import Status
from tests.documents import files


def attach(entry, by, name="Bestek laptops é.pdf", data=None):
    return services.attach(
        entry, files.upload(name, data or files.pdf_bytes()), doc_type="specification", language="nl", by=by
    )


def test_download_is_an_attachment_with_protective_headers(client, draft, alice, django_assert_max_num_queries):
    data = files.pdf_bytes()
    document = attach(draft, alice, data=data)
    client.force_login(alice)
    # 8, plus the rate limit's two counters (per minute and per hour) in the database cache, 12 each
    with django_assert_max_num_queries(8 + 2 * 12):
        response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Bestek%20laptops%20%C3%A9.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_x_accel_mode_lets_nginx_send_the_file(client, draft, alice, settings):
    settings.DOCUMENT_DOWNLOAD_MODE = "x-accel"
    document = attach(draft, alice, name="spec.pdf")
    client.force_login(alice)
    response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-documents/" + document.file.name
    assert response["Content-Disposition"] == 'attachment; filename="spec.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


# S3 downloads (presigned URLs) are tested against a real S3 server: test_s3.py.


def test_other_organisation_gets_404_for_a_draft_s_document(client, draft, alice, carol):
    document = attach(draft, alice)
    client.force_login(carol)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_colleague_may_download_a_draft_s_document(client, draft, alice, bob):
    document = attach(draft, alice)
    client.force_login(bob)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def test_other_organisation_may_download_a_published_entry_s_document(client, published, alice, carol):
    document = attach(published, alice)
    client.force_login(carol)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def test_coordinator_never_sees_drafts_but_sees_submissions(client, draft, alice, cora):
    document = attach(draft, alice)
    client.force_login(cora)
    url = reverse("documents:download", args=[document.pk])
    assert client.get(url).status_code == 404
    type(draft).objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    assert client.get(url).status_code == 200


def test_unknown_document_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("documents:download", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_visitor_is_sent_to_log_in(client, published, alice):
    document = attach(published, alice)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_download_is_get_only(client, published, alice):
    document = attach(published, alice)
    client.force_login(alice)
    assert client.post(reverse("documents:download", args=[document.pk])).status_code == 405
