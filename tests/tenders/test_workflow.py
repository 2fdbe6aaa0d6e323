"""The review workflow on tenders (SPEC §3), driven through the pages."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from buyersgroup.core.models import SecurityEvent
from buyersgroup.moderation.models import ReviewEvent
from buyersgroup.moderation.services import TransitionError, transition
from tenders.models import Tender
from tests.tenders.factories import TenderFactory, apply_criterion
from tests.tenders.helpers import edit_page_data as _edit_page_data


def act(client, tender, action, comment=""):
    return client.post(reverse("tenders:act", args=[tender.pk, action]), {"comment": comment})


def test_submit_notifies_the_coordinators_and_is_logged(client, alice, cora, make_tender, django_capture_on_commit_callbacks):
    tender = make_tender()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, tender, "submit")
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "submitted" and tender.submitted_at is not None
    assert [m.to for m in mail.outbox] == [[cora.email]]
    assert tender.title in mail.outbox[0].subject
    assert f"/tenders/{tender.pk}/" in mail.outbox[0].body
    event = ReviewEvent.objects.get(object_id=tender.pk)
    assert (event.actor, event.from_status, event.to_status) == (alice, "draft", "submitted")
    assert SecurityEvent.objects.filter(kind="transition", actor=alice).exists()


def test_publish_from_the_review_queue_tells_the_author(client, alice, cora, make_tender, django_capture_on_commit_callbacks):
    tender = make_tender(status="submitted")
    client.force_login(cora)
    queue = client.get(reverse("entries:review_queue"))
    assert tender.title in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, tender, "publish")
    assert response.url == reverse("entries:review_queue")
    tender.refresh_from_db()
    assert tender.status == "published" and tender.published_at is not None
    assert mail.outbox[-1].to == [alice.email]
    assert "Published" in mail.outbox[-1].subject


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_request_changes_and_reject_need_a_comment(client, alice, cora, make_tender, action, django_capture_on_commit_callbacks):
    tender = make_tender(status="submitted")
    client.force_login(cora)
    response = client.post(reverse("tenders:act", args=[tender.pk, action]), {"comment": "  ", "confirmed": "yes"})
    assert Tender.objects.get(pk=tender.pk).status == "submitted"
    assert response.url == reverse("tenders:review", args=[tender.pk])
    page = client.get(response.url).content.decode()
    assert "Write a comment for the author: it is required to request changes or to reject." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tenders:act", args=[tender.pk, action]),
                    {"comment": "Please add the award report.", "confirmed": "yes"})
    tender.refresh_from_db()
    assert tender.status == ("changes_requested" if action == "request_changes" else "rejected")
    assert "Please add the award report." in mail.outbox[-1].body
    assert mail.outbox[-1].to == [alice.email]


def test_changes_requested_goes_back_to_the_authors(client, alice, bob, cora, make_tender):
    tender = make_tender(status="submitted")
    transition(tender, "request_changes", cora, "Add the weights.")
    client.force_login(bob)  # a colleague may edit and resubmit
    assert client.get(reverse("tenders:edit", args=[tender.pk])).status_code == 200
    act(client, tender, "submit")
    assert Tender.objects.get(pk=tender.pk).status == "submitted"
    history = client.get(reverse("tenders:history", args=[tender.pk])).content.decode()
    assert "Add the weights." in history


def test_archive_hides_the_tender_from_other_members(client, carol, cora, make_tender):
    tender = make_tender(status="published")
    client.force_login(cora)
    act(client, tender, "archive")
    assert Tender.objects.get(pk=tender.pk).status == "archived"
    client.force_login(carol)
    assert client.get(reverse("tenders:detail", args=[tender.pk])).status_code == 404


def test_history_page_for_authors_and_coordinators_only(client, alice, carol, cora, make_tender):
    tender = make_tender(status="published")
    for user, expected in ((alice, 200), (cora, 200), (carol, 404)):
        client.force_login(user)
        assert client.get(reverse("tenders:history", args=[tender.pk])).status_code == expected


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_at_once_exactly_one_wins(alice, cora, fedorg):
    from tests.factories import MemberFactory, add_totp

    other = MemberFactory(email="cody@bosa.fgov.be", organisation=fedorg, role="coordinator")
    add_totp(other)
    tender = TenderFactory(author=alice, status="submitted")
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, action):
        try:
            barrier.wait()
            transition(Tender.objects.get(pk=tender.pk), action, user, "Decision.")
            outcomes.append(action)
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=args) for args in ((cora, "publish"), (other, "reject"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes).count("refused") == 1
    winner = next(o for o in outcomes if o != "refused")
    tender.refresh_from_db()
    assert tender.status == {"publish": "published", "reject": "rejected"}[winner]
    assert ReviewEvent.objects.filter(object_id=tender.pk).count() == 1


def test_second_coordinator_is_told_the_entry_moved(client, cora, make_tender):
    tender = make_tender(status="submitted")
    transition(tender, "reject", cora, "Out of scope.")
    client.force_login(cora)
    response = act(client, tender, "publish")
    assert response.url == reverse("tenders:detail", args=[tender.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["This entry already moved (now: Rejected). Nothing was changed."]
    assert Tender.objects.get(pk=tender.pk).status == "rejected"


def test_concurrent_edit_refuses_the_later_save_and_keeps_its_input(client, alice, bob, make_tender):
    tender = make_tender(title="Laptops 2026")
    client.force_login(alice)
    alice_data = _edit_page_data(client, tender)
    client.force_login(bob)
    bob_data = _edit_page_data(client, tender)

    client.force_login(alice)
    alice_data["title"] = "Laptops 2026 — refurbished"
    assert client.post(reverse("tenders:edit", args=[tender.pk]), alice_data).status_code == 302

    client.force_login(bob)
    bob_data["title"] = "Laptops 2026 — new"
    response = client.post(reverse("tenders:edit", args=[tender.pk]), bob_data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in page
    assert "Laptops 2026 — new" in page  # Bob's input is still in the form
    assert Tender.objects.get(pk=tender.pk).title == "Laptops 2026 — refurbished"


def test_editing_a_published_tender_creates_a_pending_revision(client, alice, carol, cora, make_tender):
    tender = make_tender(status="published", title="Old title")
    apply_criterion(tender, "CIRC-WARR", "award", 15)
    client.force_login(alice)
    data = _edit_page_data(client, tender)
    page = client.get(reverse("tenders:edit", args=[tender.pk])).content.decode()
    assert "members keep seeing the published version until a coordinator publishes your changes" in page
    assert not Tender.objects.filter(revision_of=tender).exists()  # opening the form leaves nothing behind

    data["title"] = "New title"
    response = client.post(reverse("tenders:edit", args=[tender.pk]), data)
    revision = Tender.objects.get(revision_of=tender)
    assert response.url == reverse("tenders:detail", args=[revision.pk])
    assert (revision.title, revision.status, revision.author) == ("New title", "draft", alice)
    assert [c.criterion.code for c in revision.applied_criteria.all()] == ["CIRC-WARR"]
    assert Tender.objects.get(pk=tender.pk).title == "Old title"
    # Opening the edit form of the published tender again leads to the pending edit
    assert client.get(reverse("tenders:edit", args=[tender.pk])).url == reverse("tenders:edit", args=[revision.pk])
    act(client, revision, "submit")

    client.force_login(carol)
    assert "Old title" in client.get(reverse("tenders:detail", args=[tender.pk])).content.decode()
    assert client.get(reverse("tenders:detail", args=[revision.pk])).status_code == 404
    assert "New title" not in client.get(reverse("tenders:list")).content.decode()

    client.force_login(cora)
    act(client, revision, "publish")
    tender.refresh_from_db()
    assert tender.title == "New title" and tender.status == "published"
    assert not Tender.objects.filter(pk=revision.pk).exists()
    assert tender.applied_criteria.count() == 1
    events = ReviewEvent.objects.filter(object_id=tender.pk, on_revision=True)
    assert [e.to_status for e in events] == ["submitted", "published"]

    client.force_login(carol)
    assert "New title" in client.get(reverse("tenders:detail", args=[tender.pk])).content.decode()


def test_forms_ignore_status_author_and_organisation(client, alice, carol, fedorg, make_tender):
    tender = make_tender(title="Mine")
    client.force_login(alice)
    data = _edit_page_data(client, tender)
    data.update(status="published", author=str(carol.pk), organisation=str(fedorg.pk), version_of="1",
                published_at="2020-01-01")
    client.post(reverse("tenders:edit", args=[tender.pk]), data)
    tender.refresh_from_db()
    assert (tender.status, tender.author, tender.organisation) == ("draft", alice, alice.organisation)
    assert tender.published_at is None


def test_author_deletes_a_draft_but_not_a_published_tender(client, alice, make_tender):
    draft, published = make_tender(), make_tender(status="published")
    client.force_login(alice)
    assert client.post(reverse("tenders:delete", args=[draft.pk])).status_code == 302
    assert not Tender.objects.filter(pk=draft.pk).exists()
    assert client.post(reverse("tenders:delete", args=[published.pk])).status_code == 404
    assert Tender.objects.filter(pk=published.pk).exists()
