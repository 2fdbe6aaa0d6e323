"""Requests for access: the public form, and coordinators approving or declining them."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buyersgroup.core.models import SecurityEvent
from buyersgroup.members.models import AccessRequest, Invitation, Member
from tests.factories import MemberFactory

NEW_PASSWORD = "quiet-orchard-lamp-2026"
REQUEST_URL = reverse("members:request_access")
LIST_URL = reverse("members:access_requests")


def ask(client, email="nina.nys@stad.gent", **fields):
    data = {"first_name": "Nina", "last_name": "Nys", "email": email, "job_title": "ICT buyer", "message": "Hi!"}
    return client.post(REQUEST_URL, {**data, **fields})


def pending_request(organisation, email="nina.nys@stad.gent", **fields):
    return AccessRequest.objects.create(
        email=email, first_name="Nina", last_name="Nys", organisation=organisation, **fields
    )


def decide(client, access_request, decision, note=""):
    url = reverse("members:decide_access_request", args=[access_request.pk])
    return client.post(url, {"decision": decision, "note": note}, follow=True)


@pytest.fixture
def coordinator_client(client, cora):
    client.force_login(cora)
    return client


def test_request_page_is_public(client, db):
    response = client.get(REQUEST_URL)
    assert response.status_code == 200
    assert "Work email" in response.content.decode()


def test_request_with_a_known_domain_is_stored_and_announced(client, cora, gent):
    response = ask(client, email="Nina.Nys@stad.gent")
    assert response.status_code == 200
    assert "your request was received" in response.content.decode()

    access_request = AccessRequest.objects.get()
    assert (access_request.email, access_request.organisation, access_request.status) == (
        "nina.nys@stad.gent", gent, "pending"
    )
    assert (access_request.job_title, access_request.message) == ("ICT buyer", "Hi!")
    to_coordinators, to_requester = mail.outbox
    assert to_coordinators.to == [cora.email]
    assert "New access request" in to_coordinators.subject
    assert "http://testserver" + LIST_URL in to_coordinators.body
    assert to_requester.to == ["nina.nys@stad.gent"]
    assert "Stad Gent" in to_requester.body
    assert SecurityEvent.objects.filter(kind="access_requested", email="nina.nys@stad.gent").exists()


def test_request_with_an_unknown_domain_is_refused_politely(client, gent, settings):
    response = ask(client, email="nina@gmail.com")
    page = response.content.decode()
    assert response.status_code == 200
    assert "We do not recognise this organisation" in page
    assert settings.CONTACT_EMAIL in page
    assert 'value="nina@gmail.com"' in page and 'value="Nina"' in page
    assert not AccessRequest.objects.exists()
    assert mail.outbox == []


def test_existing_member_sees_the_same_page_and_gets_a_note(client, cora, alice):
    response = ask(client, email="alice@stad.gent")
    assert "your request was received" in response.content.decode()
    assert not AccessRequest.objects.exists()
    (note,) = mail.outbox
    assert note.to == ["alice@stad.gent"]
    assert "already have an account" in note.body
    assert "http://testserver" + reverse("account_reset_password") in note.body


def test_repeated_request_sees_the_same_page_and_stores_nothing_new(client, cora, gent):
    ask(client)
    mail.outbox.clear()
    response = ask(client, message="Second try")
    assert "your request was received" in response.content.decode()
    assert AccessRequest.objects.count() == 1
    assert mail.outbox == []


def test_invalid_form_shows_errors(client, gent):
    response = ask(client, email="not-an-address", first_name="")
    assert response.status_code == 200
    assert "Please correct the following" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_requests_are_rate_limited_by_address(client, gent):
    for n in range(5):
        assert ask(client, email=f"person{n}@stad.gent").status_code == 200
    response = ask(client, email="person6@stad.gent")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert AccessRequest.objects.count() == 5
    assert SecurityEvent.objects.filter(kind="rate_limited").exists()


# --- Deciding ---------------------------------------------------------------------------------


def test_pending_requests_are_listed_oldest_first_with_their_waiting_time(coordinator_client, gent):
    old = pending_request(gent, email="old@stad.gent")
    AccessRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    pending_request(gent, email="new@stad.gent")
    page = coordinator_client.get(LIST_URL).content.decode()
    assert page.index("old@stad.gent") < page.index("new@stad.gent")
    assert "3\xa0days" in page


def test_approve_sends_an_invitation_that_can_be_accepted(coordinator_client, cora, gent):
    access_request = pending_request(gent)
    response = decide(coordinator_client, access_request, "approve", note="Welcome aboard")
    assert "Approved" in response.content.decode()
    access_request.refresh_from_db()
    assert (access_request.status, access_request.decided_by) == ("approved", cora)
    assert access_request.decided_at is not None

    (message,) = mail.outbox
    assert message.to == ["nina.nys@stad.gent"]
    assert "your request was approved" in message.subject.lower()
    assert "Welcome aboard" in message.body
    path = re.search(r"http://testserver(/members/invitation/[^/\s]+/)", message.body).group(1)

    visitor = Client()
    visitor.get(path, follow=True)
    response = visitor.post(
        reverse("members:accept_invitation", args=["set-password"]),
        {"first_name": "Nina", "last_name": "Nys", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert Member.objects.get(email="nina.nys@stad.gent").organisation == gent
    assert SecurityEvent.objects.filter(kind="access_approved", email="nina.nys@stad.gent").exists()


def test_decline_tells_the_requester_with_the_note(coordinator_client, gent):
    access_request = pending_request(gent)
    decide(coordinator_client, access_request, "decline", note="Only buyers may join.")
    access_request.refresh_from_db()
    assert access_request.status == "declined"
    assert access_request.decision_note == "Only buyers may join."
    (message,) = mail.outbox
    assert message.to == ["nina.nys@stad.gent"]
    assert "Only buyers may join." in message.body
    assert not Invitation.objects.exists()
    assert SecurityEvent.objects.filter(kind="access_declined").exists()
    assert "Only buyers may join." in coordinator_client.get(LIST_URL).content.decode()


def test_deciding_twice_changes_nothing(coordinator_client, gent):
    access_request = pending_request(gent)
    decide(coordinator_client, access_request, "decline")
    mail.outbox.clear()
    response = decide(coordinator_client, access_request, "approve")
    assert "already decided" in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == "declined"
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_unknown_request_is_404(coordinator_client, db):
    url = reverse("members:decide_access_request", args=[999999])
    response = coordinator_client.post(url, {"decision": "approve"})
    assert response.status_code == 404


def test_member_posting_approve_gets_404_and_nothing_changes(client, alice, gent):
    access_request = pending_request(gent)
    client.force_login(alice)
    url = reverse("members:decide_access_request", args=[access_request.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    access_request.refresh_from_db()
    assert access_request.status == "pending"
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_cannot_see_the_list(client, alice):
    client.force_login(alice)
    assert client.get(LIST_URL).status_code == 404


def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, fedorg):
    client.force_login(MemberFactory(organisation=fedorg, role="coordinator"))
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_list_queries_do_not_grow(coordinator_client, cora, gent, django_assert_max_num_queries):
    def add(count):
        for _n in range(count):
            n = AccessRequest.objects.count()
            pending_request(gent, email=f"p{n}@stad.gent")
            pending_request(gent, email=f"d{n}@stad.gent", status="declined", decided_by=cora, decided_at=timezone.now())

    add(2)
    with django_assert_max_num_queries(12) as few:
        coordinator_client.get(LIST_URL)
    add(8)
    with django_assert_max_num_queries(len(few)):
        response = coordinator_client.get(LIST_URL)
    assert len(response.context["pending"]) == 10
    assert len(response.context["decided"]) == 10


def test_approving_an_address_that_is_already_a_member_says_so_and_changes_nothing(coordinator_client, alice, gent):
    access_request = pending_request(gent, email="Alice@stad.gent")
    page = " ".join(coordinator_client.get(LIST_URL).content.decode().split())
    assert "This address is already a member: approving would not invite anyone." in page

    response = decide(coordinator_client, access_request, "approve")

    text = " ".join(response.content.decode().split())
    assert ("Not approved: Alice@stad.gent is already a member. Nothing was sent; "
            "decline the request if it is no longer needed.") in text
    access_request.refresh_from_db()
    assert access_request.status == "pending"
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_approving_an_address_with_an_open_invitation_says_so(coordinator_client, cora, gent):
    Invitation.issue(email="nina.nys@stad.gent", organisation=gent, invited_by=cora)
    access_request = pending_request(gent)

    response = decide(coordinator_client, access_request, "approve")

    assert "Not approved: nina.nys@stad.gent is already invited, the invitation is still open." in (
        " ".join(response.content.decode().split()))
    access_request.refresh_from_db()
    assert access_request.status == "pending"
    assert Invitation.objects.count() == 1
    decide(coordinator_client, access_request, "decline")  # declining stays possible
    access_request.refresh_from_db()
    assert access_request.status == "declined"
