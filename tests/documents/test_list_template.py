"""templates/documents/_list.html: what members see of an entry's documents."""

from django.template.loader import render_to_string
from django.urls import reverse

from buyersgroup.documents import services
from tests.documents import files


def render(documents, **context):
    return render_to_string("documents/_list.html", {"documents": documents, **context})


def test_list_shows_name_type_language_size_and_text_status(draft, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.attach(
            draft, files.upload("Bestek.pdf", files.pdf_bytes()), doc_type="award_report", language="fr", by=alice
        )
        broken = services.attach(
            draft, files.upload("scan.pdf", b"%PDF-1.4\n" + bytes(500)), doc_type="other", language="nl", by=alice
        )
    html = render(draft.documents.all(), can_edit=False, delete_url="/x/")

    assert f'href="{reverse("documents:download", args=[document.pk])}"' in html
    assert "Bestek.pdf" in html and "Award report" in html and "French" in html
    assert "Text searchable" in html
    assert f'href="{reverse("documents:download", args=[broken.pk])}"' in html
    assert "No text could be read: this may be a scanned image or a damaged file." in html
    assert '<th scope="col">' in html
    assert "<form" not in html


def test_delete_buttons_only_for_editors(draft, alice):
    document = services.attach(
        draft, files.upload("Bestek.pdf", files.pdf_bytes()), doc_type="other", language="nl", by=alice
    )
    html = render([document], can_edit=True, delete_url="/tenders/1/documents/delete/")
    assert '<form method="post" action="/tenders/1/documents/delete/">' in html
    assert f'<input type="hidden" name="document" value="{document.pk}">' in html
    assert 'Delete<span class="visually-hidden"> Bestek.pdf</span>' in html


def test_empty_list_says_so():
    assert "No documents yet." in render([], can_edit=True, delete_url="/x/")
