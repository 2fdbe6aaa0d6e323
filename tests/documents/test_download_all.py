"""'Download all': every document of an entry in one ZIP, for exactly who may see the entry."""

import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from buyersgroup.documents import services
from buyersgroup.documents.archive import archive_names
from buyersgroup.members.models import Organisation
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.entries.test_permission_matrix import PERSONAS, STATES, VIEW


def attach(entry, by, name, data):
    return services.attach(entry, files.upload(name, data), doc_type="specification", language="nl", by=by)


def zip_url(entry):
    return reverse("documents:download_all", args=[ContentType.objects.get_for_model(entry).pk, entry.pk])


def test_the_archive_holds_the_original_files_under_their_names(client, published, alice, carol,
                                                                  django_assert_max_num_queries):
    first, second = files.pdf_bytes("Bestek"), files.pdf_bytes("Gunningsverslag")
    attach(published, alice, "Bestek laptops é.pdf", first)
    attach(published, alice, "Gunningsverslag.pdf", second)
    attach(published, alice, "Bestek laptops é.pdf", second)
    client.force_login(carol)
    # 8 for the archive itself, and what the download limit's counters cost in the database
    # cache (buyersgroup.core.ratelimits): the same for any number of documents.
    with django_assert_max_num_queries(8 + 2 * 12):
        response = client.get(zip_url(published))
        body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="published-laptops-documents.zip"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert archive.namelist() == ["Bestek laptops é.pdf", "Gunningsverslag.pdf", "Bestek laptops é (2).pdf"]
    assert archive.read("Bestek laptops é.pdf") == first
    assert archive.read("Gunningsverslag.pdf") == second
    assert archive.read("Bestek laptops é (2).pdf") == second


def test_the_archive_is_sent_in_pieces_not_built_first(client, published, alice, settings):
    big = files.pdf_bytes() + b"%" + b"x" * 300_000  # a PDF with trailing padding, still a PDF
    attach(published, alice, "big.pdf", big)
    attach(published, alice, "other.pdf", files.pdf_bytes())
    client.force_login(alice)
    response = client.get(zip_url(published))
    chunks = [chunk for chunk in response.streaming_content if chunk]
    assert len(chunks) > 3
    assert max(len(chunk) for chunk in chunks) < 100_000
    assert zipfile.ZipFile(io.BytesIO(b"".join(chunks))).read("big.pdf") == big


def test_unpublished_entry_of_another_organisation_is_404(client, draft, alice, carol):
    attach(draft, alice, "spec.pdf", files.pdf_bytes())
    client.force_login(carol)
    assert client.get(zip_url(draft)).status_code == 404


@pytest.mark.parametrize(("state", "persona", "expected"), [
    (state, persona, VIEW[state][PERSONAS.index(persona)]) for state in STATES for persona in PERSONAS
])
def test_same_access_as_the_entry(client, alice, bob, carol, cora, state, persona, expected):
    tender = make_tender(alice, status=state)
    attach(tender, alice, "spec.pdf", files.pdf_bytes())
    person = {"visitor": None, "member": carol, "colleague": bob, "author": alice, "coordinator": cora}[persona]
    if person is not None:
        client.force_login(person)
    response = client.get(zip_url(tender))
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == (200 if expected == "ok" else 404)


def test_entry_without_documents_or_not_an_entry_is_404(client, published, alice):
    client.force_login(alice)
    assert client.get(zip_url(published)).status_code == 404
    organisation_type = ContentType.objects.get_for_model(Organisation)
    url = reverse("documents:download_all", args=[organisation_type.pk, alice.organisation_id])
    assert client.get(url).status_code == 404
    assert client.get(reverse("documents:download_all", args=[999999, published.pk])).status_code == 404


def test_download_all_is_get_only(client, published, alice):
    attach(published, alice, "spec.pdf", files.pdf_bytes())
    client.force_login(alice)
    assert client.post(zip_url(published)).status_code == 405


class _Named:
    def __init__(self, pk, original_name):
        self.pk, self.original_name = pk, original_name


def test_archive_names_are_flat_and_unique():
    names = archive_names([_Named(1, "a/b.pdf"), _Named(2, "A_B.PDF"), _Named(3, ""), _Named(4, "notes")])
    assert names == ["a_b.pdf", "A_B (2).PDF", "document-3", "notes"]


def test_list_links_to_the_archive_from_two_documents(client, published, alice):
    client.force_login(alice)
    attach(published, alice, "spec.pdf", files.pdf_bytes())
    detail = reverse("tenders:detail", args=[published.pk])
    assert zip_url(published) not in client.get(detail).content.decode()
    attach(published, alice, "award.pdf", files.pdf_bytes())
    html = client.get(detail).content.decode()
    assert f'href="{zip_url(published)}"' in html
    assert "Download all documents (ZIP)" in html
