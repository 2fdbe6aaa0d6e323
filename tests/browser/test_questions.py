"""Questions and answers in Chromium: a member asks, the author answers from the e-mail's link,
the asker unfollows with the e-mail's link; axe-core on a thread with a hidden comment."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from buyersgroup.entries import questions
from tests.browser.conftest import check, login
from tests.browser.test_entries import coordinator  # noqa: F401 (fixture)
from tests.browser.test_tenders import _login_coordinator, _new_page
from tests.factories import PASSWORD
from tests.tenders.factories import TenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mail_to(member):
    found = [message for message in mail.outbox if message.to == [member.email]]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def _path(body: str, pattern: str) -> str:
    return re.search(rf"https?://[^/\s]+({pattern})", body).group(1)


def test_a_question_answered_then_unfollowed_by_email(browser, live_server, alice, carol):
    alice.languages = ["nl"]
    alice.save()
    tender = TenderFactory(author=alice, status="published", title="Refurbished laptops 2026",
                           published_at=timezone.now())

    # Carol asks a question on the published tender.
    c = _new_page(browser, live_server)
    login(c, live_server, carol.email, PASSWORD)
    c.goto(live_server.url + tender.get_absolute_url())
    thread = c.get_by_role("region", name="Questions and answers")
    expect(thread).to_contain_text("No questions yet.")
    thread.get_by_label("Your question or answer").fill("Did you ask for spare batteries? https://example.org/lot-2")
    thread.get_by_role("button", name="Post").click()
    expect(c.get_by_text("Posted. You follow this thread")).to_be_visible()
    expect(thread.get_by_role("link", name="https://example.org/lot-2")).to_be_visible()

    # Alice, the author, gets the e-mail in Dutch, follows its link and answers.
    to_alice = _mail_to(alice)
    assert to_alice.subject == "[Buyers Group] Nieuwe vraag over “Refurbished laptops 2026”"
    assert "Did you ask for spare batteries?" in to_alice.body
    a = _new_page(browser, live_server)
    login(a, live_server, alice.email, PASSWORD)
    a.goto(live_server.url + _path(to_alice.body, r"/tenders/\d+/#comment-\d+"))
    thread = a.get_by_role("region", name="Questions and answers")
    expect(thread).to_contain_text("Did you ask for spare batteries?")
    thread.get_by_label("Answer", exact=True).check()
    thread.get_by_label("Your question or answer").fill("Yes: two spare batteries per laptop, in lot 2.")
    thread.get_by_role("button", name="Post").click()
    expect(thread).to_contain_text("Yes: two spare batteries per laptop, in lot 2.")

    # Carol gets the answer by e-mail and stops the e-mails with its link.
    to_carol = _mail_to(carol)
    assert to_carol.subject == "[Buyers Group] New answer on “Refurbished laptops 2026”"
    c.goto(live_server.url + _path(to_carol.body, r"/comments/unfollow/[^/\s]+/"))
    expect(c.get_by_role("heading", level=1)).to_have_text("Stop e-mails about a thread")
    c.get_by_role("button", name="Stop these e-mails").click()
    expect(c.get_by_role("heading", level=1)).to_have_text("Done: no more e-mails about this thread")
    assert not questions.is_following(carol, tender)
    c.goto(live_server.url + tender.get_absolute_url())
    expect(c.get_by_role("button", name="Follow", exact=True)).to_be_visible()
    for person in (a, c):
        person.context.close()


def _thread_with_a_hidden_comment(alice, carol, cora):
    tender = TenderFactory(author=alice, status="published", title="Monitors 2026", published_at=timezone.now())
    questions.post(tender, carol, "question", "Which TCO Certified generation did you ask for?")
    hidden = questions.post(tender, carol, "question", "Call me on 0470 00 00 00")
    questions.hide(hidden, cora, "Personal data.")
    questions.post(tender, alice, "answer", "Generation 9, see https://tcocertified.com/ for the criteria.")
    return tender


def test_a_thread_with_a_hidden_comment_for_a_member(page, live_server, language, alice, carol, cora):
    tender = _thread_with_a_hidden_comment(alice, carol, cora)
    login(page, live_server, carol.email, PASSWORD)
    page.goto(live_server.url + tender.get_absolute_url())
    expect(page.locator(".comment-hidden-note")).to_be_visible()
    check(page, language, "thread-with-hidden-comment-member")
    page.goto(live_server.url + reverse("home"))
    expect(page.locator(".new-answers")).to_contain_text("Monitors 2026")
    check(page, language, "home-with-new-answers")


def test_a_thread_with_a_hidden_comment_for_a_coordinator(page, live_server, language, alice, carol, coordinator):  # noqa: F811
    cora, secret = coordinator
    tender = _thread_with_a_hidden_comment(alice, carol, cora)
    _login_coordinator(page, live_server, cora, secret)
    page.goto(live_server.url + tender.get_absolute_url())
    page.locator(".hide-comment summary").first.click()
    expect(page.locator(".hide-comment textarea").first).to_be_visible()
    check(page, language, "thread-with-hidden-comment-coordinator")
