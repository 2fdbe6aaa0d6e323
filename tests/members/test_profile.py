"""A member's own profile, personal-data download and request to delete the account."""

import json

import lxml.html
import pytest
from django.core import mail
from django.urls import reverse

from buyersgroup.core.models import SecurityEvent
from buyersgroup.core.security import record
from tests.factories import PASSWORD

PROFILE = reverse("members:profile")
PERSONAL_DATA = reverse("members:personal_data")


def profile_form(response):
    html = lxml.html.fromstring(response.content.decode())
    return html.xpath('//form[.//input[@name="first_name"]]')[0]


def form_data(response):
    """What the browser would post for the profile form as rendered."""
    return dict(profile_form(response).form_values())


def test_profile_form_shows_the_members_own_fields(client, alice):
    client.force_login(alice)

    form = profile_form(client.get(PROFILE))
    names = {el.get("name") for el in form.inputs if el.get("name")}

    assert names == {
        "csrfmiddlewaretoken", "first_name", "last_name", "job_title", "languages", "ask_me_about", "show_email",
        "preferred_language",
    }
    assert {el.get("value") for el in form.inputs["languages"]} == {"nl", "fr", "en", "de"}
    assert form.xpath(".//legend")[0].text_content().strip() == "Languages you speak"


def test_member_edits_their_profile(client, alice):
    client.force_login(alice)
    data = form_data(client.get(PROFILE))
    data.update(
        first_name="Alice",
        last_name="Aerts-Peeters",
        job_title="Senior buyer",
        ask_me_about="take-back clauses",
        show_email="on",
        languages=["en", "nl"],
    )

    response = client.post(PROFILE, data, follow=True)

    assert "Your profile has been saved." in response.content.decode()
    alice.refresh_from_db()
    assert (alice.last_name, alice.job_title, alice.ask_me_about) == ("Aerts-Peeters", "Senior buyer", "take-back clauses")
    assert alice.languages == ["nl", "en"]  # in the order of the choices
    assert alice.show_email is True


def test_profile_needs_a_name(client, alice):
    client.force_login(alice)
    data = form_data(client.get(PROFILE))
    data["last_name"] = ""

    response = client.post(PROFILE, data)

    assert response.status_code == 200
    assert 'id="id_last_name_errors"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.last_name == "Aerts"


def test_profile_ignores_fields_a_member_does_not_own(client, alice, fedorg):
    client.force_login(alice)
    data = form_data(client.get(PROFILE))
    data.update(
        organisation=fedorg.pk,
        role="coordinator",
        email="mallory@evil.example",
        is_staff="on",
        is_superuser="on",
        is_active="",
    )

    client.post(PROFILE, data)

    alice.refresh_from_db()
    assert alice.organisation.name == "Stad Gent"
    assert alice.role == "member"
    assert alice.email == "alice@stad.gent"
    assert (alice.is_staff, alice.is_superuser, alice.is_active) == (False, False, True)


def test_profile_links_to_the_account_pages_and_the_data_download(client, alice):
    client.force_login(alice)

    html = lxml.html.fromstring(client.get(PROFILE).content.decode())
    hrefs = {a.get("href") for a in html.xpath("//main//a")}

    for name in ["account_email", "account_change_password", "mfa_index", "members:personal_data"]:
        assert reverse(name) in hrefs
    assert html.xpath('//a[@href=$url][normalize-space()="Download my data"]', url=PERSONAL_DATA)


def test_download_my_data(client, alice, bob):
    record("mfa_added", actor=alice)
    record("password_changed", actor=bob)
    SecurityEvent.objects.create(kind="login_failed", email=alice.email, ip="203.0.113.9")
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")

    response = client.get(PERSONAL_DATA, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="buyersgroup-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "alice@stad.gent"
    assert data["profile"]["first_name"] == "Alice"
    assert data["organisation"] == "Stad Gent"
    assert data["email_addresses"] == [{"email": "alice@stad.gent", "verified": True, "primary": True}]
    assert data["date_joined"]
    assert [session["ip"] for session in data["sessions"]] == ["198.51.100.7"]
    events = [event["event"] for event in data["security_log"]]
    assert "mfa_added" in events
    assert "password_changed" not in events  # bob's, not hers
    assert data["security_log_about_your_email"] == [{"at": data["security_log_about_your_email"][0]["at"], "event": "login_failed"}]
    assert "203.0.113.9" not in response.content.decode()  # someone else's address
    assert "password" not in data["profile"]


def test_download_my_data_is_logged(client, alice):
    client.force_login(alice)

    client.get(PERSONAL_DATA)

    event = SecurityEvent.objects.get(kind="data_exported")
    assert event.actor == alice


def test_ask_for_the_account_to_be_deleted(client, alice, cora):
    client.force_login(alice)
    html = lxml.html.fromstring(client.get(PROFILE).content.decode())
    button = html.xpath('//button[normalize-space()="Ask for my account to be deleted"]')[0]
    assert button.getparent().get("method") == "post"

    response = client.post(PROFILE, {button.get("name"): button.get("value")}, follow=True)

    assert "Your request has been sent to the secretariat." in response.content.decode()
    assert "attributed to your organisation" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cora@bosa.fgov.be"]
    assert "alice@stad.gent" in message.body and "Stad Gent" in message.body
    alice.refresh_from_db()
    assert alice.is_active  # the secretariat deletes it, not the button


def test_asking_twice_sends_one_email(client, alice, cora):
    client.force_login(alice)

    client.post(PROFILE, {"action": "request_deletion"})
    response = client.post(PROFILE, {"action": "request_deletion"}, follow=True)

    assert "Your request has been sent to the secretariat." in response.content.decode()
    assert len(mail.outbox) == 1


def test_deletion_request_goes_to_the_secretariat_when_there_is_no_coordinator(client, alice, settings):
    client.force_login(alice)

    client.post(PROFILE, {"action": "request_deletion"})

    assert mail.outbox[0].to == [settings.CONTACT_EMAIL]
    assert SecurityEvent.objects.filter(kind="deletion_requested", actor=alice).exists()


@pytest.mark.parametrize("url", [PROFILE, PERSONAL_DATA])
def test_profile_pages_need_a_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_data_holds_my_tokens_saved_searches_questions_and_follows(client, alice, bob):
    from buyersgroup.api.models import ApiToken
    from buyersgroup.entries import questions
    from buyersgroup.search.models import SavedSearch
    from tests.tenders.factories import TenderFactory

    token, secret = ApiToken.issue(alice, "Monthly report script")
    ApiToken.issue(bob, "Bob's script")
    SavedSearch.objects.create(member=alice, name="Laptops", query="q=laptops", frequency="weekly", language="nl")
    tender = TenderFactory(author=bob, status="published")
    questions.post(tender, alice, "question", "Which warranty did you ask for?")
    client.force_login(alice)

    data = json.loads(client.get(PERSONAL_DATA).content)

    assert [(t["name"], t["starts_with"], t["revoked"]) for t in data["api_tokens"]] == [
        ("Monthly report script", token.shown_start, None)]
    assert secret not in json.dumps(data) and token.key_digest not in json.dumps(data)
    assert [(s["name"], s["search"], s["email_digest"]) for s in data["saved_searches"]] == [
        ("Laptops", "q=laptops", "weekly")]
    assert [(c["entry"], c["kind"], c["text"]) for c in data["questions_and_answers"]] == [
        ({"kind": "tender", "id": tender.pk}, "question", "Which warranty did you ask for?")]
    assert data["threads_followed"] == [{"kind": "tender", "id": tender.pk}]  # posting follows the thread
