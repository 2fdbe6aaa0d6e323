"""What the entry core shows and does, through the pages: banners, withdraw, confirmations,
the review screen and its diff, the queue, the home page, and the query counts."""

from __future__ import annotations

import re

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from buyersgroup.documents import services as documents
from buyersgroup.moderation.models import ReviewEvent
from buyersgroup.moderation.services import transition
from tenders.models import Tender
from tests.entries.kinds import pdf_upload
from tests.tenders.factories import TenderFactory, apply_criterion
from tests.tenders.helpers import edit_page_data


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _queries(client, url, method="get", data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 200
    return sum(1 for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))


# --- the author is told what to do ---------------------------------------------------


def test_changes_requested_banner_quotes_the_comment_on_the_entry_and_home_page(client, alice, cora):
    tender = TenderFactory(author=alice, status="submitted", title="Laptops for the schools")
    transition(tender, "request_changes", cora, "Please attach the award report.")
    client.force_login(alice)

    page = client.get(tender.get_absolute_url()).content.decode()
    assert "A coordinator asked for changes" in page
    assert "Please attach the award report." in page
    assert "What to do next: edit, then submit again." in page

    home = client.get(reverse("home")).content.decode()
    needs_action = home[home.index("Needs your action"):home.index("</section>", home.index("Needs your action"))]
    assert "Laptops for the schools" in needs_action
    assert "A coordinator asked for changes: edit, then submit again." in needs_action


def test_home_lists_drafts_not_yet_submitted_and_not_other_organisations(client, alice, bob, carol):
    TenderFactory(author=alice, status="draft", title="Gent draft")
    TenderFactory(author=alice, status="published", title="Gent published")
    TenderFactory(author=carol, status="draft", title="BOSA draft")
    client.force_login(bob)
    home = client.get(reverse("home")).content.decode()
    needs_action = home[home.index("Needs your action"):home.index("</section>", home.index("Needs your action"))]
    assert "Gent draft" in needs_action and "Draft not yet submitted for review." in needs_action
    assert "Gent published" not in needs_action and "BOSA draft" not in needs_action


def test_home_shows_entries_sent_back_before_the_many_drafts_and_own_entries_of_a_former_organisation(
        client, alice, bob, carol, fedorg):
    """Eleven drafts of the organisation would fill the list: what a coordinator sent back still comes first."""
    for number in range(11):
        TenderFactory(author=bob, status="draft", title=f"Gent draft {number}")
    TenderFactory(author=bob, status="changes_requested", title="Sent back long ago")
    Tender.objects.filter(title="Sent back long ago").update(updated_at=timezone.now() - timezone.timedelta(days=90))
    TenderFactory(author=alice, organisation=fedorg, status="changes_requested", title="Written at BOSA")
    TenderFactory(author=carol, status="changes_requested", title="BOSA's own")
    client.force_login(alice)
    home = lxml.html.fromstring(client.get(reverse("home")).content)
    rows = [item.text_content().split("\n")[0].strip()
            for item in home.xpath('//section[@aria-labelledby="needs-action-heading"]//li')]
    assert rows[:2] == ["Written at BOSA", "Sent back long ago"]  # sent back, newest first
    assert rows[2:] == [f"Gent draft {number}" for number in range(10, 2, -1)]  # then the latest drafts: 10 in all


def test_home_says_when_nothing_needs_action(client, carol):
    client.force_login(carol)
    assert "Nothing needs your action" in client.get(reverse("home")).content.decode()


def test_coordinator_home_shows_size_and_age_of_the_queue(client, alice, cora):
    TenderFactory(author=alice, status="submitted", submitted_at=timezone.now() - timezone.timedelta(days=3))
    TenderFactory(author=alice, status="submitted", submitted_at=timezone.now() - timezone.timedelta(hours=2))
    client.force_login(cora)
    home = client.get(reverse("home")).content.decode()
    assert "2 entries wait for a decision." in home
    assert "The oldest has waited 3\xa0days." in home
    assert reverse("entries:review_queue") in home


def test_member_home_has_no_queue(client, alice):
    client.force_login(alice)
    assert "entries wait for a decision" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["alice", "cora"])
def test_home_query_count_does_not_grow(client, request, alice, persona):
    client.force_login(request.getfixturevalue(persona))
    TenderFactory(author=alice, status="draft")
    TenderFactory(author=alice, status="submitted", submitted_at=timezone.now())
    client.get(reverse("home"))  # the figures are cached for a minute: measure the usual visit
    few = _queries(client, reverse("home"))
    for state in ["draft", "changes_requested", "submitted", "published"] * 4:
        TenderFactory(author=alice, status=state, submitted_at=timezone.now())
    assert _queries(client, reverse("home")) == few <= 12


# --- withdraw -------------------------------------------------------------------------


def test_author_withdraws_a_submitted_entry_back_to_draft(client, alice, bob):
    tender = TenderFactory(author=alice, status="submitted")
    client.force_login(bob)  # a colleague may too
    page = client.get(tender.get_absolute_url()).content.decode()
    assert "Withdraw from review" in page
    response = client.post(reverse("tenders:act", args=[tender.pk, "withdraw"]))
    assert _messages(response) == ["Withdrawn from review: it is a draft again. Submit it when it is ready."]
    tender.refresh_from_db()
    assert tender.status == "draft"
    event = ReviewEvent.objects.get(object_id=tender.pk)
    assert (event.action, event.actor, event.from_status, event.to_status) == ("withdraw", bob, "submitted", "draft")
    history = client.get(reverse("tenders:history", args=[tender.pk])).content.decode()
    assert "Submitted for review → Draft" in history


def test_withdraw_after_a_coordinator_acted_is_refused_with_the_state(client, alice, cora):
    tender = TenderFactory(author=alice, status="submitted")
    transition(tender, "publish", cora)
    client.force_login(alice)
    response = client.post(reverse("tenders:act", args=[tender.pk, "withdraw"]))
    assert _messages(response) == ["This entry already moved (now: Published). Nothing was changed."]
    assert Tender.objects.get(pk=tender.pk).status == "published"


# --- no accidental destruction --------------------------------------------------------


def test_delete_asks_for_confirmation_naming_what_is_lost(client, alice):
    tender = TenderFactory(author=alice, status="draft", title="Old screens")
    documents.attach(tender, pdf_upload("a.pdf"), doc_type="specification", language="nl", by=alice)
    documents.attach(tender, pdf_upload("b.pdf"), doc_type="other", language="nl", by=alice)
    client.force_login(alice)
    detail = client.get(tender.get_absolute_url()).content.decode()
    assert f'method="get" action="{reverse("tenders:delete", args=[tender.pk])}"' in detail  # to the page, not a POST
    page = client.get(reverse("tenders:delete", args=[tender.pk])).content.decode()
    assert "Delete “Old screens”?" in page
    assert "This deletes the tender and its 2 documents for good." in page
    assert Tender.objects.filter(pk=tender.pk).exists()

    response = client.post(reverse("tenders:delete", args=[tender.pk]))
    assert response.url == reverse("tenders:mine")
    assert _messages(response) == ["“Old screens” was deleted."]
    assert not Tender.objects.filter(pk=tender.pk).exists()
    assert not tender.documents.exists()


def test_deleting_an_entry_removes_its_review_history(alice, cora):
    tender = TenderFactory(author=alice, status="draft")
    transition(tender, "submit", alice)
    transition(Tender.objects.get(pk=tender.pk), "request_changes", cora, "Fix it.")
    assert ReviewEvent.objects.filter(object_id=tender.pk).count() == 2
    Tender.objects.get(pk=tender.pk).delete()
    assert not ReviewEvent.objects.filter(object_id=tender.pk).exists()


def test_reject_asks_for_confirmation_and_keeps_the_comment(client, alice, cora):
    tender = TenderFactory(author=alice, status="submitted", title="Servers")
    client.force_login(cora)
    response = client.post(reverse("tenders:review", args=[tender.pk]),
                           {"decision": "reject", "comment": "Not ICT."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reject “Servers”?" in page and "Not ICT.</textarea>" in page
    assert Tender.objects.get(pk=tender.pk).status == "submitted"

    response = client.post(reverse("tenders:act", args=[tender.pk, "reject"]),
                           {"comment": "Not ICT.", "confirmed": "yes"})
    assert response.url == reverse("entries:review_queue")
    assert Tender.objects.get(pk=tender.pk).status == "rejected"
    assert ReviewEvent.objects.get(object_id=tender.pk).comment == "Not ICT."


# --- the review screen ----------------------------------------------------------------


def test_review_screen_shows_the_entry_then_one_decision_form(client, alice, cora):
    tender = TenderFactory(author=alice, status="submitted", summary="Refurbished laptops with take-back.")
    client.force_login(cora)
    page = client.get(reverse("tenders:review", args=[tender.pk])).content.decode()
    assert page.index("Refurbished laptops with take-back.") < page.index("Your decision")
    assert page.count('type="radio" name="decision"') == 3
    decision = page[page.index('id="decision-heading"'):]
    assert decision.count("<button") == 1
    nav = page[page.index('aria-label="Main"'):page.index("</nav>", page.index('aria-label="Main"'))]
    assert 'aria-current="page">Review queue' in nav
    breadcrumb = page[page.index('class="breadcrumb"'):]
    assert breadcrumb.index("Review queue") < breadcrumb.index("</nav>")


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_review_decision_needs_a_comment_on_the_comment_field(client, alice, cora, decision):
    tender = TenderFactory(author=alice, status="submitted")
    client.force_login(cora)
    response = client.post(reverse("tenders:review", args=[tender.pk]), {"decision": decision, "comment": " "})
    assert response.status_code == 400
    form = response.context["decision_form"]
    assert form.errors == {"comment": ["Write a comment for the author: it is required to request changes or to reject."]}
    assert "<title>Error:" in response.content.decode()
    assert Tender.objects.get(pk=tender.pk).status == "submitted"


def test_review_decision_must_be_chosen(client, alice, cora):
    tender = TenderFactory(author=alice, status="submitted")
    client.force_login(cora)
    response = client.post(reverse("tenders:review", args=[tender.pk]), {"comment": "Fine"})
    assert response.context["decision_form"].errors == {
        "decision": ["Choose a decision: publish, request changes or reject."]
    }


def test_review_publish_decision(client, alice, cora):
    tender = TenderFactory(author=alice, status="submitted")
    client.force_login(cora)
    response = client.post(reverse("tenders:review", args=[tender.pk]), {"decision": "publish", "comment": ""})
    assert response.url == reverse("entries:review_queue")
    assert _messages(response) == ["Published. Every member can now see it."]
    assert Tender.objects.get(pk=tender.pk).status == "published"


def _submitted_revision(client, alice, tender, **changes):
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data.update(changes)
    client.post(reverse("tenders:edit", args=[tender.pk]), data)
    revision = Tender.objects.get(revision_of=tender)
    transition(revision, "submit", alice)
    return revision


def test_review_screen_shows_what_a_pending_edit_changes(client, alice, cora):
    tender = TenderFactory(author=alice, status="published", title="Laptops 2025", bids_received=3)
    apply_criterion(tender, "CIRC-WARR", "award", 10)
    documents.attach(tender, pdf_upload("old-spec.pdf"), doc_type="specification", language="nl", by=alice)
    revision = _submitted_revision(client, alice, tender, title="Laptops 2025 (refurbished)", bids_received="5",
                                   **{"criteria-0-weight": "20"})
    old_copy = revision.documents.get()
    old_copy.delete()
    documents.attach(revision, pdf_upload("new-spec.pdf"), doc_type="specification", language="nl", by=alice)

    client.force_login(cora)
    response = client.get(reverse("tenders:review", args=[revision.pk]))
    labels = {change.label: change for change in response.context["diff"]}
    assert (labels["Title"].before, labels["Title"].after) == ("Laptops 2025", "Laptops 2025 (refurbished)")
    assert (labels["Number of bids received"].before, labels["Number of bids received"].after) == ("3", "5")
    criteria = labels["Applied criteria"]
    assert len(criteria.removed) == 1 and "10 %" in criteria.removed[0]
    assert len(criteria.added) == 1 and "20 %" in criteria.added[0]
    assert labels["Documents"].removed == ["old-spec.pdf (Specification)"]
    assert labels["Documents"].added == ["new-spec.pdf (Specification)"]
    assert "Summary" not in labels  # unchanged fields are not listed
    page = response.content.decode()
    assert "What changed" in page and "<ins>Laptops 2025 (refurbished)</ins>" in page


def test_review_screen_query_count_with_a_diff_does_not_grow(client, alice, cora):
    def revision_with(n_criteria):
        tender = TenderFactory(author=alice, status="published")
        for code in ("CIRC-WARR", "CIRC-SPARE", "FAIR-EW", "CLIM-EE", "EOL-TAKEBACK")[:n_criteria]:
            apply_criterion(tender, code, "specification", None)
        for n in range(n_criteria):
            documents.attach(tender, pdf_upload(f"doc{n}.pdf"), doc_type="other", language="nl", by=alice)
        return _submitted_revision(client, alice, tender, title="Changed")

    small, big = revision_with(1), revision_with(5)
    client.force_login(cora)
    few = _queries(client, reverse("tenders:review", args=[small.pk]))
    many = _queries(client, reverse("tenders:review", args=[big.pk]))
    assert few == many <= 20


# --- editing: forms and their query counts ----------------------------------------------


def test_create_page_query_count_does_not_grow_with_criteria_rows(client, alice):
    client.force_login(alice)
    url = reverse("tenders:create")
    assert _queries(client, url) <= 12


def test_edit_page_query_count_does_not_grow_with_criteria(client, alice):
    small = TenderFactory(author=alice, status="draft")
    apply_criterion(small, "CIRC-WARR", "award", 10)
    big = TenderFactory(author=alice, status="draft")
    for code in ("CIRC-WARR", "CIRC-SPARE", "FAIR-EW", "CLIM-EE", "EOL-TAKEBACK"):
        apply_criterion(big, code, "specification", None)
    client.force_login(alice)
    few = _queries(client, reverse("tenders:edit", args=[small.pk]))
    many = _queries(client, reverse("tenders:edit", args=[big.pk]))
    assert few == many <= 12


def test_a_second_edit_of_a_published_entry_while_one_is_pending_is_refused(client, alice, bob):
    tender = TenderFactory(author=alice, status="published", title="Desktops")
    client.force_login(alice)
    alice_data = edit_page_data(client, tender)
    client.force_login(bob)
    bob_data = edit_page_data(client, tender)
    client.force_login(alice)
    client.post(reverse("tenders:edit", args=[tender.pk]), {**alice_data, "title": "Desktops (Alice)"})
    client.force_login(bob)
    response = client.post(reverse("tenders:edit", args=[tender.pk]), {**bob_data, "title": "Desktops (Bob)"})
    # Bob's edit form now leads to the pending edit: his own copy was not saved over Alice's.
    assert Tender.objects.filter(revision_of=tender).count() == 1
    assert Tender.objects.get(revision_of=tender).title == "Desktops (Alice)"
    assert response.status_code == 302


def test_an_upload_is_inspected_once(client, alice, monkeypatch):
    from buyersgroup.documents import forms, services, validation

    calls = []
    real = validation.inspect_upload

    def counting(*args, **kwargs):
        calls.append(args[1] if len(args) > 1 else "")
        return real(*args, **kwargs)

    monkeypatch.setattr(forms, "inspect_upload", counting)
    monkeypatch.setattr(services, "inspect_upload", counting)
    tender = TenderFactory(author=alice, status="draft")
    client.force_login(alice)
    response = client.post(
        reverse("tenders:upload_document", args=[tender.pk]),
        {"doc_type": "specification", "language": "nl", "file": pdf_upload("spec.pdf")},
    )
    assert response.status_code == 302
    assert tender.documents.get().original_name == "spec.pdf"
    assert calls == ["spec.pdf"]


def test_the_upload_page_renders_the_shared_upload_form(client, alice):
    tender = TenderFactory(author=alice, status="draft")
    client.force_login(alice)
    response = client.get(reverse("tenders:upload_document", args=[tender.pk]))
    assert "documents/_upload_form.html" in [t.name for t in response.templates]
    back = lxml.html.fromstring(response.content).xpath(f'//main//a[@href="{tender.get_absolute_url()}"]')
    assert [" ".join(a.text_content().split()) for a in back][-1] == (
        f"Back to “{tender.title}” without adding a document")  # the draft is saved: nothing to cancel


# --- the review queue -------------------------------------------------------------------


def test_review_queue_lists_oldest_first_with_kind_and_is_paginated(client, alice, cora):
    now = timezone.now()
    for n in range(53):
        TenderFactory(author=alice, status="submitted", title=f"Waiting {n:02d}",
                      submitted_at=now - timezone.timedelta(hours=100 - n))
    client.force_login(cora)
    first = client.get(reverse("entries:review_queue")).content.decode()
    second = client.get(reverse("entries:review_queue") + "?page=2").content.decode()
    assert "53 entries waiting" in first
    assert first.index("Waiting 00") < first.index("Waiting 01")
    last = client.get(reverse("entries:review_queue") + "?page=3").content.decode()
    assert [len(re.findall(r"Waiting \d\d<", page)) for page in (first, second, last)] == [20, 20, 13]
    assert "Page 2 of 3" in second and "Waiting 52<" in last
    assert reverse("tenders:review", args=[Tender.objects.get(title="Waiting 00").pk]) in first
    assert '<td data-label="Kind">Tender</td>' in first


def test_review_queue_mixes_the_kinds_oldest_first_and_shows_each_row_s_facts(client, alice, bob, cora):
    from tests.practices.factories import PracticeFactory

    now = timezone.now()
    TenderFactory(author=alice, status="submitted", title="Laptops", submitted_at=now - timezone.timedelta(days=3))
    PracticeFactory(author=bob, status="submitted", title="Take-back guide", submitted_at=now - timezone.timedelta(days=2))
    gone = TenderFactory(author=bob, status="submitted", title="Servers", submitted_at=now - timezone.timedelta(days=1))
    Tender.objects.filter(pk=gone.pk).update(author=None)  # its author's account was deleted
    client.force_login(cora)
    page = lxml.html.fromstring(client.get(reverse("entries:review_queue")).content)
    rows = [[cell.text_content().strip() for cell in row.xpath("td")] for row in page.xpath("//tbody/tr")]
    assert [row[:4] for row in rows] == [
        ["Laptops", "Tender", "Stad Gent", "Alice Aerts"],
        ["Take-back guide", "Practice", "Stad Gent", "Bob Bosmans"],
        ["Servers", "Tender", "Stad Gent", "—"],
    ]
    assert [row[4] for row in rows] == ["3\xa0days", "2\xa0days", "1\xa0day"]
