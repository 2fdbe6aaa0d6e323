"""The access matrix of SPEC §6, walked in full: persona × review state × action.

Expected answers are written out, not computed, so a change of rule shows up
here as a deliberate edit. "404" means the user may not know the entry exists,
and nothing may change; "ok" means the action works (200 for pages, a redirect
after a POST, and the state moved).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from buyersgroup.documents import services as documents
from tenders.models import Tender

PERSONAS = ["visitor", "member", "colleague", "author", "coordinator"]
STATES = ["draft", "submitted", "changes_requested", "rejected", "published", "archived"]

# state: visitor, member (other organisation), colleague (same organisation), author, coordinator
VIEW = {
    "draft":             ("login", "404", "ok", "ok", "404"),
    "submitted":         ("login", "404", "ok", "ok", "ok"),
    "changes_requested": ("login", "404", "ok", "ok", "ok"),
    "rejected":          ("login", "404", "ok", "ok", "ok"),
    "published":         ("login", "ok", "ok", "ok", "ok"),
    "archived":          ("login", "404", "ok", "ok", "ok"),
}
EDIT = {
    "draft":             ("login", "404", "ok", "ok", "404"),
    "submitted":         ("login", "404", "404", "404", "404"),
    "changes_requested": ("login", "404", "ok", "ok", "ok"),
    "rejected":          ("login", "404", "404", "404", "404"),
    "published":         ("login", "404", "ok", "ok", "ok"),
    "archived":          ("login", "404", "404", "404", "404"),
}
SUBMIT = {
    "draft":             ("login", "404", "ok", "ok", "404"),
    "submitted":         ("login", "404", "404", "404", "404"),
    "changes_requested": ("login", "404", "ok", "ok", "404"),
    "rejected":          ("login", "404", "404", "404", "404"),
    "published":         ("login", "404", "404", "404", "404"),
    "archived":          ("login", "404", "404", "404", "404"),
}
PUBLISH = {
    "draft":             ("login", "404", "404", "404", "404"),
    "submitted":         ("login", "404", "404", "404", "ok"),
    "changes_requested": ("login", "404", "404", "404", "404"),
    "rejected":          ("login", "404", "404", "404", "404"),
    "published":         ("login", "404", "404", "404", "404"),
    "archived":          ("login", "404", "404", "404", "404"),
}
DOWNLOAD = VIEW  # a document is exactly as visible as its entry

MATRIX = {"view": VIEW, "edit": EDIT, "submit": SUBMIT, "publish": PUBLISH, "download": DOWNLOAD}
NEW_STATE = {"submit": "submitted", "publish": "published"}


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Technical specification: refurbished laptops")
    page.save()
    return buffer.getvalue()


@pytest.fixture
def people(alice, bob, carol, cora):
    return {"visitor": None, "member": carol, "colleague": bob, "author": alice, "coordinator": cora}


def _request(client, action, tender, document):
    if action == "view":
        return client.get(reverse("tenders:detail", args=[tender.pk]))
    if action == "edit":
        return client.get(reverse("tenders:edit", args=[tender.pk]))
    if action == "download":
        return client.get(reverse("documents:download", args=[document.pk]))
    return client.post(reverse("tenders:act", args=[tender.pk, action]), {"comment": "Looks good."})


CASES = [
    (action, state, persona, table[state][PERSONAS.index(persona)])
    for action, table in MATRIX.items()
    for state in STATES
    for persona in PERSONAS
]


@pytest.mark.parametrize(("action", "state", "persona", "expected"), CASES)
def test_access_matrix(client, people, make_tender, alice, action, state, persona, expected):
    tender = make_tender(status=state)
    document = None
    if action == "download":
        upload = SimpleUploadedFile("specification.pdf", _pdf(), content_type="application/pdf")
        document = documents.attach(tender, upload, doc_type="specification", language="nl", by=alice)
    if people[persona] is not None:
        client.force_login(people[persona])

    response = _request(client, action, tender, document)

    tender.refresh_from_db()
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == "404":
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("account_login"))
    if action in NEW_STATE:
        assert tender.status == (NEW_STATE[action] if expected == "ok" else state)


def test_every_tender_url_is_in_the_matrix():
    """A new tender URL must be added to the matrix (or to the pages tested elsewhere)."""
    from tenders.urls import urlpatterns

    in_matrix = {"detail", "edit", "act"}
    not_entry_pages = {"list", "mine", "create", "review_queue"}  # tests/tenders/test_browse.py
    tested_elsewhere = {"history", "revise", "delete", "upload_document", "delete_document"}  # test_workflow/test_documents
    names = {pattern.name for pattern in urlpatterns}
    assert names <= in_matrix | not_entry_pages | tested_elsewhere, names - in_matrix - not_entry_pages - tested_elsewhere


def test_get_on_an_action_is_405(client, cora, make_tender):
    tender = make_tender(status="submitted")
    client.force_login(cora)
    assert client.get(reverse("tenders:act", args=[tender.pk, "publish"])).status_code == 405
    assert Tender.objects.get(pk=tender.pk).status == "submitted"


def test_unknown_action_is_404(client, cora, make_tender):
    tender = make_tender(status="submitted")
    client.force_login(cora)
    assert client.post(reverse("tenders:act", args=[tender.pk, "approve"])).status_code == 404


def test_the_visibility_filter_matches_the_per_entry_rule(people, alice, carol):
    """Lists, counts and exports use visible_entries_q; it must agree with can_view_entry exactly."""
    from buyersgroup import access
    from tests.tenders.factories import TenderFactory

    gent = {state: TenderFactory(author=alice, status=state) for state in STATES}
    bosa = {state: TenderFactory(author=carol, status=state) for state in STATES}
    published_original = gent["published"]
    revision = TenderFactory(author=alice, status="draft", revision_of=published_original)
    everything = [*gent.values(), *bosa.values(), revision]

    expected = {
        "member": {bosa[s].pk for s in STATES} | {gent["published"].pk},  # carol: her own + what is published
        "colleague": {t.pk for t in gent.values()} | {revision.pk, bosa["published"].pk},
        "author": {t.pk for t in gent.values()} | {revision.pk, bosa["published"].pk},
        # cora works at FOD BOSA too: she sees its draft as a colleague, and no one else's draft
        "coordinator": {t.pk for t in everything if t.status != "draft"} | {bosa["draft"].pk},
    }
    for persona, user in people.items():
        if user is None:
            assert not Tender.objects.filter(access.visible_entries_q(user)).exists()
            continue
        visible = set(Tender.objects.filter(access.visible_entries_q(user)).values_list("pk", flat=True))
        assert visible == expected[persona], persona
        assert visible == {t.pk for t in everything if access.can_view_entry(user, t)}, persona
