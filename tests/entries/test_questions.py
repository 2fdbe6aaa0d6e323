"""Questions and answers under published entries, through the pages: posting, the thread as
members and coordinators see it, the edit window, hiding, following, the e-mails and the rate limit.
Who may open which URL: test_permission_matrix.py."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.conf import settings
from django.test import Client
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from buyersgroup.core.models import SecurityEvent
from buyersgroup.entries import questions
from buyersgroup.entries.models import Comment, Follow
from tests.entries.test_core_workflow import _queries
from tests.factories import MemberFactory, OrganisationFactory
from tests.tenders.factories import TenderFactory


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _field_error(page: str, field: str) -> str:
    found = re.search(rf'<p id="id_{field}_error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def _thread(page: str) -> str:
    return page[page.index('id="questions"'):]


@pytest.fixture
def tender(alice):
    return TenderFactory(author=alice, status="published", title="Refurbished laptops 2026")


def _ask(client, tender, body, kind="question"):
    return client.post(reverse("tenders:comment", args=[tender.pk]), {"kind": kind, "body": body})


# --- posting and reading -------------------------------------------------------------------


def test_a_member_asks_and_follows_the_thread(client, tender, carol):
    client.force_login(carol)
    page = client.get(tender.get_absolute_url()).content.decode()
    assert "No questions yet." in page and '<label for="id_body">Your question or answer' in page

    response = _ask(client, tender, "Which warranty did you ask for?")
    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url == f"{tender.get_absolute_url()}#comment-{comment.pk}"
    assert _messages(response) == [
        "Posted. You follow this thread: you will get an e-mail for each new question or answer."
    ]
    thread = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert "Which warranty did you ask for?" in thread and "Carol Claes" in thread and "FOD BOSA" in thread
    assert "You follow this thread" in thread and ">Unfollow</button>" in thread
    assert questions.is_following(carol, tender)


def test_links_are_clickable_and_html_is_shown_as_text(client, tender, carol):
    client.force_login(carol)
    _ask(client, tender, "See https://example.org/clause?x=1 <script>alert('x')</script> <b>bold</b>")
    thread = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert '<a href="https://example.org/clause?x=1" rel="nofollow">https://example.org/clause?x=1</a>' in thread
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in thread
    assert "<script>alert" not in thread and "<b>bold" not in thread


def test_a_too_long_text_is_refused_on_its_field_and_kept(client, tender, carol):
    client.force_login(carol)
    response = _ask(client, tender, "x" * 4001)
    page = response.content.decode()
    assert response.status_code == 400
    assert _field_error(page, "body") == "Ensure this value has at most 4000 characters (it has 4001)."
    assert "x" * 4001 in page
    assert not Comment.objects.exists()


def test_an_empty_text_is_refused_on_its_field(client, tender, carol):
    client.force_login(carol)
    response = _ask(client, tender, "  ")
    assert response.status_code == 400
    assert _field_error(response.content.decode(), "body") == "Write your question or answer."


# --- the 15-minute edit window -------------------------------------------------------------------


def test_the_author_edits_within_15_minutes(client, tender, carol):
    comment = questions.post(tender, carol, "question", "Which warranty?")
    client.force_login(carol)
    thread = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert reverse("entries:edit_comment", args=[comment.pk]) in thread
    response = client.post(reverse("entries:edit_comment", args=[comment.pk]), {"body": "Which warranty, in years?"})
    assert _messages(response) == ["Your comment was changed."]
    thread = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert "Which warranty, in years?" in thread and "(edited)" in thread


def test_after_15_minutes_the_edit_link_is_gone_and_an_edit_is_refused(client, tender, carol):
    comment = questions.post(tender, carol, "question", "Which warranty?")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=15, seconds=1))
    client.force_login(carol)
    edit_url = reverse("entries:edit_comment", args=[comment.pk])
    assert edit_url not in client.get(tender.get_absolute_url()).content.decode()

    response = client.get(edit_url)
    assert response.status_code == 302 and _messages(response) == ["The 15 minutes to edit this comment are over."]
    response = client.post(edit_url, {"body": "Which warranty, in years?"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The 15 minutes to edit this comment are over: your change was not saved." in page
    assert "Which warranty, in years?" in page  # what was typed is not lost
    comment.refresh_from_db()
    assert comment.body == "Which warranty?" and comment.edited_at is None


def test_just_before_15_minutes_the_edit_is_accepted(client, tender, carol):
    comment = questions.post(tender, carol, "question", "Which warranty?")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=14, seconds=50))
    client.force_login(carol)
    client.post(reverse("entries:edit_comment", args=[comment.pk]), {"body": "Which warranty, in years?"})
    comment.refresh_from_db()
    assert comment.body == "Which warranty, in years?"


# --- hidden comments -------------------------------------------------------------------------------


def test_a_coordinator_hides_a_comment_with_a_reason(client, tender, carol, bob, cora):
    comment = questions.post(tender, carol, "question", "Call me on my private number 0470 00 00 00")
    client.force_login(cora)
    hide_url = reverse("entries:hide_comment", args=[comment.pk])
    response = client.post(hide_url, {"reason": ""})
    assert response.status_code == 400
    assert _field_error(response.content.decode(), "reason") == (
        "Say why this comment is hidden: the other coordinators will see it."
    )
    response = client.post(hide_url, {"reason": "Personal data."})
    assert _messages(response) == ["The comment is hidden. Members see that the secretariat hid it."]

    today = date_filter(timezone.localtime(), "DATE_FORMAT")  # the day in Brussels, as the page says
    for member in (bob, carol):
        client.force_login(member)
        thread = _thread(client.get(tender.get_absolute_url()).content.decode())
        assert f"Hidden by the secretariat on {today}." in thread
        assert "0470 00 00 00" not in thread and "Personal data." not in thread

    client.force_login(cora)
    thread = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert f"Hidden by the secretariat on {today}." in thread
    assert "Hidden by Cora Coppens. Reason: Personal data." in thread and "0470 00 00 00" in thread
    assert hide_url not in thread  # already hidden


def test_a_hidden_comment_cannot_be_edited_any_more(client, tender, carol, cora):
    comment = questions.post(tender, carol, "question", "Which warranty?")
    questions.hide(comment, cora, "Duplicate.")
    client.force_login(carol)
    assert reverse("entries:edit_comment", args=[comment.pk]) not in client.get(tender.get_absolute_url()).content.decode()
    client.post(reverse("entries:edit_comment", args=[comment.pk]), {"body": "Changed"})
    comment.refresh_from_db()
    assert comment.body == "Which warranty?"


# --- entries the reader may not see ------------------------------------------------------------------


def test_a_draft_of_another_organisation_answers_404_to_get_and_post(client, alice, carol):
    draft = TenderFactory(author=alice, status="draft")
    client.force_login(carol)
    assert client.get(draft.get_absolute_url()).status_code == 404
    for name in ("comment", "follow", "unfollow"):
        response = client.post(reverse(f"tenders:{name}", args=[draft.pk]), {"kind": "question", "body": "Hello?"})
        assert response.status_code == 404, name
    assert not Comment.objects.exists() and not Follow.objects.exists()


def test_an_archived_entry_keeps_its_thread_for_who_sees_it_without_a_form(client, tender, bob, carol):
    comment = questions.post(tender, carol, "question", "Which warranty?")
    tender.__class__.objects.filter(pk=tender.pk).update(status="archived")
    client.force_login(carol)
    assert client.get(tender.get_absolute_url()).status_code == 404
    assert client.get(reverse("entries:edit_comment", args=[comment.pk])).status_code == 404
    client.force_login(bob)
    thread = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert "Which warranty?" in thread and 'name="body"' not in thread


def test_new_answers_come_from_followed_threads_and_own_entries_newest_first(tender, alice, bob, carol):
    """alice wrote the tender; carol follows another thread; bob answers in both."""
    other = TenderFactory(author=bob, status="published", published_at=timezone.now())
    questions.post(other, carol, "question", "Which warranty?")  # carol now follows it
    first = questions.post(other, bob, "answer", "Five years.")
    on_alice = questions.post(tender, bob, "answer", "We did the same.")  # alice never posted: her entry
    own = questions.post(tender, alice, "answer", "Thanks.")  # her own answers are not news to her
    hidden = questions.post(other, bob, "answer", "Call me.")
    questions.hide(hidden, alice, "Personal data.")

    assert questions.new_answers_for(carol) == [first]
    assert questions.new_answers_for(alice) == [on_alice]
    assert questions.new_answers_for(bob) == [own]  # he follows alice's thread since he posted in it
    questions.set_following(alice, tender, False)  # the author unfollows her own entry's thread
    assert questions.new_answers_for(alice) == []
    later = questions.post(other, bob, "answer", "Or seven.")
    assert questions.new_answers_for(carol) == [later, first]
    assert questions.new_answers_for(carol, limit=1) == [later]


def test_the_author_follows_their_thread_from_its_first_comment_and_the_migration_brings_older_threads_up_to_date(
        tender, alice, bob, carol):
    from django.db import connection

    from buyersgroup.entries import backfill

    questions.post(tender, carol, "question", "Which warranty?")
    assert Follow.objects.filter(member=alice, object_id=tender.pk, following=True).exists()
    questions.set_following(alice, tender, False)
    bobs = questions.post(tender, bob, "answer", "Five years.")  # her unfollow stays
    assert not Follow.objects.get(member=alice, object_id=tender.pk).following

    # Threads from before: the comment without post(), as they were written until now.
    older = TenderFactory(author=bob, status="published", published_at=timezone.now())
    Comment.objects.create(content_type=ContentType.objects.get_for_model(older), object_id=older.pk,
                           author=carol, kind="question", body="Which warranty?")
    answer = Comment.objects.create(content_type=ContentType.objects.get_for_model(older), object_id=older.pk,
                                    author=alice, kind="answer", body="Five years.")
    with connection.cursor() as cursor:
        for sql, params in backfill.statements("tenders", "tender"):
            cursor.execute(sql, params)
    assert [(f.member, f.object_id, f.following) for f in Follow.objects.filter(member__in=[alice, bob]).order_by("pk")] == [
        (alice, tender.pk, False), (bob, tender.pk, True), (bob, older.pk, True)]
    assert questions.new_answers_for(bob) == [answer]  # the author of the older tender: alice answered there
    assert questions.new_answers_for(carol) == [bobs]  # not alice's: carol asked there without post(), no follow


def test_the_home_list_only_shows_threads_the_reader_may_see(client, tender, alice, carol):
    questions.post(tender, carol, "question", "Which warranty?")
    questions.post(tender, alice, "answer", "Five years.")
    client.force_login(carol)
    home = client.get(reverse("home")).content.decode()
    assert "New answers in threads you follow" in home and "Refurbished laptops 2026" in home
    tender.__class__.objects.filter(pk=tender.pk).update(status="archived")
    assert "New answers in threads you follow" not in client.get(reverse("home")).content.decode()


# --- the rate limit ------------------------------------------------------------------------------------


def test_a_flood_is_stopped_with_a_message_on_the_field_and_the_text_kept(client, settings, tender, carol):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "post_comment": "2/10m/user"}
    client.force_login(carol)
    _ask(client, tender, "First question")
    _ask(client, tender, "Second question")
    response = _ask(client, tender, "Third question, carefully typed")
    page = response.content.decode()
    assert response.status_code == 429
    assert _field_error(page, "body") == (
        "You have posted many comments in a short time. Wait a few minutes, then send it again: "
        "your text is kept below."
    )
    assert re.search(r'<textarea name="body"[^>]*>\s*Third question, carefully typed</textarea>', page)
    assert [c.body for c in Comment.objects.all()] == ["First question", "Second question"]
    assert SecurityEvent.objects.filter(kind="rate_limited", actor=carol).count() == 1


# --- following and the e-mails ------------------------------------------------------------------------------


def test_the_entry_author_and_followers_get_an_email_in_their_language(
    client, tender, alice, bob, carol, django_capture_on_commit_callbacks
):
    alice.languages = ["nl", "en"]
    alice.save()
    bob.languages = ["fr"]
    bob.save()
    questions.set_following(bob, tender, True)
    carol.languages = ["fr"]
    carol.save()
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        assert mail.outbox == []  # nothing before the commit
        _ask(client, tender, "Quelle garantie avez-vous demandée ?")
    comment = Comment.objects.get()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {alice.email, bob.email}  # not the asker

    to_alice = by_recipient[alice.email]
    assert to_alice.subject == "[Buyers Group] Nieuwe vraag over “Refurbished laptops 2026”"
    assert "Carol Claes stelde een vraag over “Refurbished laptops 2026” (opdracht):" in to_alice.body
    assert "Quelle garantie avez-vous demandée ?" in to_alice.body
    assert f"/tenders/{tender.pk}/#comment-{comment.pk}" in to_alice.body
    to_bob = by_recipient[bob.email]
    assert to_bob.subject == "[Buyers Group] Nouvelle question sur « Refurbished laptops 2026 »"

    links = {to: re.search(r"(/comments/unfollow/[^/\s]+/)", m.body).group(1) for to, m in by_recipient.items()}
    assert links[alice.email] != links[bob.email]  # each their own
    client.logout()
    client.post(links[alice.email])
    assert not questions.is_following(alice, tender) and questions.is_following(bob, tender)

    # The mail program's own "Unsubscribe" button (RFC 8058): a POST to the same link, no cookie, no CSRF token.
    assert to_bob.extra_headers == {"List-Unsubscribe": f"<{settings.PORTAL_URL}{links[bob.email]}>",
                                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    mail_program = Client(enforce_csrf_checks=True)
    answer = mail_program.post(links[bob.email], "List-Unsubscribe=One-Click",
                               content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200 and not questions.is_following(bob, tender)


def test_an_answer_reaches_the_asker_and_not_who_unfollowed(
    client, tender, alice, bob, carol, django_capture_on_commit_callbacks
):
    questions.post(tender, carol, "question", "Which warranty?")
    questions.post(tender, bob, "question", "And the batteries?")
    questions.set_following(bob, tender, False)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, tender, "Five years, batteries included.", kind="answer")
    (message,) = mail.outbox
    assert message.to == [carol.email]
    assert message.subject == "[Buyers Group] New answer on “Refurbished laptops 2026”"
    assert "Alice Aerts answered on “Refurbished laptops 2026” (tender):" in message.body
    assert "Five years, batteries included." in message.body


def test_no_email_when_the_transaction_rolls_back(tender, carol, django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            questions.post(tender, carol, "question", "Which warranty?")
            raise Boom
    assert callbacks == [] and mail.outbox == [] and not Comment.objects.exists()


def test_follow_and_unfollow_from_the_page(client, tender, alice, carol):
    client.force_login(carol)
    response = client.post(reverse("tenders:follow", args=[tender.pk]))
    assert response.url == f"{tender.get_absolute_url()}#questions"
    assert _messages(response) == ["You follow this thread: you will get an e-mail for each new question or answer."]
    assert questions.is_following(carol, tender)
    client.get(response.url)  # the message is read
    response = client.post(reverse("tenders:unfollow", args=[tender.pk]))
    assert _messages(response) == ["You no longer follow this thread: no more e-mails about it."]
    assert not questions.is_following(carol, tender)
    assert ">Follow</button>" in _thread(client.get(tender.get_absolute_url()).content.decode())
    # The entry's author follows without asking, and may stop too.
    assert questions.is_following(alice, tender)
    client.force_login(alice)
    assert ">Unfollow</button>" in _thread(client.get(tender.get_absolute_url()).content.decode())
    client.post(reverse("tenders:unfollow", args=[tender.pk]))
    assert ">Follow</button>" in _thread(client.get(tender.get_absolute_url()).content.decode())
    assert questions.recipients(Comment(author=carol), tender) == []


def test_the_unfollow_link_works_only_for_its_person_and_thread(client, alice, tender, bob, carol):
    other = TenderFactory(author=alice, status="published", title="Monitors 2026")
    questions.post(tender, carol, "question", "Which warranty?")
    questions.post(other, carol, "question", "Which size?")
    token = questions.unfollow_token(carol.pk, Comment.objects.first().content_type_id, tender.pk)
    url = reverse("entries:unfollow_link", args=[token])

    # Another member, logged in, cannot use it.
    client.force_login(bob)
    response = client.post(url)
    assert response.status_code == 403
    assert "This link was sent to another member: it can only stop their e-mails." in response.content.decode()
    assert questions.is_following(carol, tender)

    # A token changed to point at another thread (or person) is refused.
    client.logout()
    payload, _sep, signature = token.partition(":")
    forged = questions.unfollow_token(carol.pk, 1, other.pk).partition(":")[0] + ":" + signature
    for bad in (forged, token[:-2] + "xx", "nonsense"):
        response = client.post(reverse("entries:unfollow_link", args=[bad]))
        assert response.status_code == 404
        assert "This link is incomplete or was changed." in response.content.decode()
    assert questions.is_following(carol, other) and questions.is_following(carol, tender)

    # Its own person, not logged in: one page, one button, that thread only.
    page = client.get(url).content.decode()
    assert "Stop the e-mails about new questions and answers on “Refurbished laptops 2026”?" in page
    response = client.post(url)
    assert "Done: no more e-mails about this thread" in response.content.decode()
    assert not questions.is_following(carol, tender) and questions.is_following(carol, other)


def test_deleting_an_entry_deletes_its_thread_and_follows(tender, carol):
    questions.post(tender, carol, "question", "Which warranty?")
    tender.delete()
    assert not Comment.objects.exists() and not Follow.objects.exists()


# --- query counts ---------------------------------------------------------------------------------------------


def _many_comments(tender, count):
    for n in range(count):
        member = MemberFactory(organisation=OrganisationFactory())
        questions.post(tender, member, "answer" if n % 2 else "question", f"Comment number {n} https://example.org/{n}")


@pytest.mark.parametrize("persona", ["carol", "cora"])
def test_detail_page_query_count_does_not_grow_with_the_thread(client, request, alice, persona):
    small = TenderFactory(author=alice, status="published")
    big = TenderFactory(author=alice, status="published")
    _many_comments(small, 1)
    _many_comments(big, 50)
    questions.hide(Comment.objects.on(big).first(), request.getfixturevalue("cora"), "Off topic.")
    client.force_login(request.getfixturevalue(persona))
    _queries(client, small.get_absolute_url())  # warm the content-type cache
    # Both as first views (the entries' kept parts and threads read too), then both as later views.
    caches["entry_content"].clear()
    caches["template_fragments"].clear()
    few, many = _queries(client, small.get_absolute_url()), _queries(client, big.get_absolute_url())
    assert few == many
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url()) < few
    assert "Comment number 49" in client.get(big.get_absolute_url()).content.decode()


def test_home_query_count_does_not_grow_with_followed_answers(client, alice, carol):
    tenders = [TenderFactory(author=alice, status="published") for _ in range(5)]
    for tender in tenders:
        questions.post(tender, carol, "question", "Which warranty?")
    client.force_login(carol)
    questions.post(tenders[0], alice, "answer", "Five years.")
    _queries(client, reverse("home"))
    few = _queries(client, reverse("home"))
    for tender in tenders[1:]:
        questions.post(tender, alice, "answer", "Five years.")
    assert _queries(client, reverse("home")) == few
    home = client.get(reverse("home")).content.decode()
    assert home.count("Alice Aerts answered") == 5


def test_the_shared_thread_piece_follows_every_change_and_keeps_each_readers_buttons(client, tender, alice, bob, carol):
    questions.post(tender, carol, "question", "Which warranty?")
    answer = questions.post(tender, alice, "answer", "Five years.")
    Comment.objects.filter(pk=answer.pk).update(created_at=timezone.now() - timezone.timedelta(hours=1))  # no longer editable

    def comments(page):
        return re.search(r'<ol class="thread">.*?</ol>', page.decode(), re.S).group(0)

    client.force_login(bob)  # no button on any comment: the whole list is one shared piece
    first = comments(client.get(tender.get_absolute_url()).content)
    assert "Which warranty?" in first and "Five years." in first and "Edit your comment" not in first
    assert comments(client.get(tender.get_absolute_url()).content) == first

    Comment.objects.filter(pk=answer.pk).update(body="Five years, batteries included.", edited_at=timezone.now())
    carol.first_name = "Caroline"
    carol.save()
    again = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert "Five years, batteries included." in again and "(edited)" in again and "Caroline Claes" in again

    client.force_login(carol)  # her own question, still editable: her button is there
    hers = _thread(client.get(tender.get_absolute_url()).content.decode())
    assert hers.count("Edit your comment") == 1 and "Five years, batteries included." in hers


def test_a_thread_kept_for_every_member_is_not_read_again_until_it_changes(client, tender, alice, bob, carol):
    """The detail page reads a stamp of the thread with the entry; the comments themselves only when
    the shared piece is not kept, or when the reader has a button on one of them."""
    questions.post(tender, carol, "question", "Which warranty?")
    client.force_login(bob)

    def comment_reads():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(tender.get_absolute_url()).content.decode()
        shown = re.search(r'<ol class="thread">.*?</ol>', page, re.S).group(0)
        return sum(q["sql"].startswith('SELECT "entries_comment"') for q in captured.captured_queries), shown

    reads, first = comment_reads()
    assert reads == 1 and "Which warranty?" in first
    assert comment_reads() == (0, first)

    questions.post(tender, alice, "answer", "Five years.")  # a new answer: read once more, then kept
    reads, second = comment_reads()
    assert reads == 1 and "Which warranty?" in second and "Five years." in second
    assert comment_reads() == (0, second)

    client.force_login(carol)  # her question is still hers to edit: her thread is read for her buttons
    reads, hers = comment_reads()
    assert reads == 1 and hers.count("Edit your comment") == 1

    empty = TenderFactory(author=alice, status="published")  # no comment: nothing to read
    client.force_login(bob)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(empty.get_absolute_url()).content.decode()
    assert not any(q["sql"].startswith('SELECT "entries_comment"') for q in captured.captured_queries)
    assert "No questions yet" in page
