"""The entry core in Chromium: changes requested, resubmitted, withdrawn, deleted — and axe-core on its pages."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from buyersgroup.documents import services as documents
from buyersgroup.moderation.services import transition
from tenders.models import Tender
from tests.browser.conftest import check, login
from tests.browser.test_tenders import _login_coordinator, _new_page
from tests.entries.kinds import pdf_upload
from tests.factories import PASSWORD, MemberFactory, add_totp
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(fedorg):
    member = MemberFactory(email="cora@bosa.fgov.be", first_name="Cora", organisation=fedorg, role="coordinator")
    return member, add_totp(member)


def test_changes_requested_edited_resubmitted_withdrawn_and_deleted(browser, live_server, alice, coordinator):
    cora, secret = coordinator
    tender = TenderFactory(author=alice, status="submitted", title="Laptops for the libraries",
                           submitted_at=timezone.now())

    # The coordinator asks for changes from the review screen.
    c = _new_page(browser, live_server)
    _login_coordinator(c, live_server, cora, secret)
    c.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    c.get_by_role("link", name="Laptops for the libraries").click()
    c.get_by_role("radio", name="Request changes").check()
    c.get_by_role("button", name="Send decision").click()
    expect(c.locator("#id_comment_error")).to_contain_text(
        "Write a comment for the author: it is required to request changes or to reject."
    )
    c.get_by_label("Comment for the author").fill("Please add the number of bids received.")
    c.get_by_role("button", name="Send decision").click()
    expect(c.get_by_text("Sent back to its authors with your comment.")).to_be_visible()

    # The author sees the banner with the comment on the home page and on the entry, edits and resubmits.
    a = _new_page(browser, live_server)
    login(a, live_server, alice.email, PASSWORD)
    needs_action = a.get_by_role("region", name="Needs your action")
    expect(needs_action).to_contain_text("A coordinator asked for changes: edit, then submit again.")
    needs_action.get_by_role("link", name="Laptops for the libraries").click()
    banner = a.get_by_role("region", name="A coordinator asked for changes")
    expect(banner).to_contain_text("Please add the number of bids received.")
    expect(banner).to_contain_text("What to do next: edit, then submit again.")
    a.get_by_role("button", name="Edit").click()
    a.get_by_label("Number of bids received").fill("4")
    a.get_by_role("button", name="Save draft").click()
    expect(a.get_by_text("Your changes are saved.")).to_be_visible()
    a.get_by_role("button", name="Submit for review").click()
    expect(a.get_by_text("Submitted for review. The coordinators have been told.")).to_be_visible()

    # Before anyone acted, the author withdraws it again: it is a draft, the history says so.
    a.get_by_role("button", name="Withdraw from review").click()
    expect(a.get_by_text("Withdrawn from review: it is a draft again.")).to_be_visible()
    assert Tender.objects.get(pk=tender.pk).status == "draft"
    expect(a.get_by_role("region", name="Review history")).to_contain_text("Submitted for review → Draft")

    # Delete asks for confirmation on a page of its own, saying what is lost.
    a.get_by_role("button", name="Delete…").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("Delete “Laptops for the libraries”?")
    expect(a.get_by_text("This deletes the tender and its 0 documents for good.")).to_be_visible()
    a.get_by_role("link", name="No, keep it").click()
    assert Tender.objects.filter(pk=tender.pk).exists()
    a.get_by_role("button", name="Delete…").click()
    a.get_by_role("button", name="Yes, delete it").click()
    expect(a.get_by_text("“Laptops for the libraries” was deleted.")).to_be_visible()
    assert not Tender.objects.filter(pk=tender.pk).exists()
    for person in (a, c):
        person.context.close()


def _pending_edit(alice):
    tender = TenderFactory(author=alice, status="published", title="Monitors 2026", bids_received=3)
    apply_criterion(tender, "CIRC-WARR", "award", 10)
    documents.attach(tender, pdf_upload("monitors.pdf"), doc_type="specification", language="nl", by=alice)
    from buyersgroup.entries import revisions

    revision = revisions.make_revision(tender, alice)
    Tender.objects.filter(pk=revision.pk).update(title="Monitors 2026 (TCO Certified)", bids_received=5)
    transition(Tender.objects.get(pk=revision.pk), "submit", alice)
    return revision


def test_entry_core_pages_for_a_coordinator(page, live_server, language, alice, coordinator):
    cora, secret = coordinator
    revision = _pending_edit(alice)
    submitted = TenderFactory(author=alice, status="submitted", title="Servers 2026", submitted_at=timezone.now())
    _login_coordinator(page, live_server, cora, secret)
    for name, path in {
        "coordinator-home": reverse("home"),
        "review-queue-all-kinds": reverse("entries:review_queue"),
        "review-screen-with-diff": reverse("tenders:review", args=[revision.pk]),
    }.items():
        page.goto(live_server.url + path)
        check(page, language, name)
    expect(page.locator(".review-diff")).to_be_visible()

    page.goto(live_server.url + reverse("tenders:review", args=[submitted.pk]))
    page.locator("input[name=decision][value=reject]").check()
    page.locator("#id_comment").fill("Not about ICT.")
    page.locator(".review-decision button[type=submit]").click()
    expect(page.locator(".confirm-card")).to_be_visible()
    check(page, language, "reject-confirmation")


def test_entry_core_pages_for_a_member(page, live_server, language, alice, cora):
    draft = TenderFactory(author=alice, status="draft", title="Tablets 2027")
    sent_back = TenderFactory(author=alice, status="submitted", title="Phones 2026")
    transition(sent_back, "request_changes", cora, "Add the award report, please.")
    login(page, live_server, alice.email, PASSWORD)
    for name, path in {
        "member-home-with-actions": reverse("home"),
        "entry-with-changes-banner": reverse("tenders:detail", args=[sent_back.pk]),
        "delete-confirmation": reverse("tenders:delete", args=[draft.pk]),
    }.items():
        page.goto(live_server.url + path)
        check(page, language, name)
