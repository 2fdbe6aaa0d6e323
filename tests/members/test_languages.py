"""A member's preferred language (profile, switcher, login) and the language of invitations."""

import lxml.html
import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buyersgroup.members.models import AccessRequest, Invitation, Member
from tests.factories import PASSWORD

PROFILE = reverse("members:profile")
INVITE = reverse("members:invite")


def speaking(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def form_values(response, field):
    doc = lxml.html.fromstring(response.content.decode())
    form = doc.xpath(f'//form[.//*[@name="{field}"]]')[0]
    return form, dict(form.form_values())


def refreshed(member):
    member.refresh_from_db()
    return member.preferred_language


# --- The member's language -----------------------------------------------------------------------


def test_profile_offers_the_language_in_use_and_saves_the_choice(client, alice):
    client.force_login(alice)
    form, data = form_values(speaking(client, "fr").get(PROFILE), "preferred_language")
    assert form.xpath('.//label[@for="id_preferred_language"]')[0].text_content().startswith("Langue des e-mails")
    assert data["preferred_language"] == "fr"  # not chosen yet: the language in use

    data["preferred_language"] = "nl"
    page = client.post(PROFILE, data, follow=True)

    assert "Votre profil a été enregistré." in page.content.decode()
    assert refreshed(alice) == "nl"


def test_profile_refuses_a_language_the_portal_does_not_speak(client, alice):
    client.force_login(alice)
    _form, data = form_values(client.get(PROFILE), "preferred_language")
    data["preferred_language"] = "de"

    page = client.post(PROFILE, data)

    doc = lxml.html.fromstring(page.content.decode())
    assert "Select a valid choice" in doc.xpath('//*[@id="id_preferred_language_errors"]')[0].text_content()
    assert refreshed(alice) == ""


def test_the_language_switcher_changes_a_member_s_language(client, alice):
    alice.remember_language("nl")
    client.force_login(alice)

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    assert refreshed(alice) == "fr"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_the_switcher_works_for_visitors_and_ignores_unknown_languages(client, alice):
    assert client.post(reverse("set_language"), {"language": "fr", "next": "/"}).status_code == 302
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert refreshed(alice) == ""


def test_login_remembers_the_language_in_use_only_when_none_is_known(client, alice, bob):
    bob.remember_language("nl")
    for member in (alice, bob):
        speaking(client, "fr").post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        client.logout()

    assert refreshed(alice) == "fr"
    assert refreshed(bob) == "nl"


# --- Invitations ---------------------------------------------------------------------------------


def test_a_french_coordinator_invites_in_dutch(client, cora, gent):
    client.force_login(cora)
    _form, data = form_values(speaking(client, "fr").get(INVITE), "organisation")
    assert data["language"] == "fr"  # the coordinator's language unless they choose another
    data.update(email="nina.nys@stad.gent", first_name="Nina", last_name="Nys", organisation=str(gent.pk),
                language="nl")

    client.post(INVITE, data)

    (message,) = mail.outbox
    assert message.subject == "[Buyers Group] U bent uitgenodigd op het portaal van de Buyers Group"
    assert "Stel uw wachtwoord in via deze persoonlijke link:" in message.body
    assert Invitation.objects.get().language == "nl"


def test_the_invited_member_keeps_the_invitation_s_language(client, cora, gent):
    from tests.members.test_invitations import accept, link_in

    client.force_login(cora)
    client.post(INVITE, {"email": "nina.nys@stad.gent", "first_name": "Nina", "last_name": "Nys",
                         "organisation": gent.pk, "role": "member", "language": "fr"})
    client.logout()

    accept(client, link_in(mail.outbox[0]))

    assert Member.objects.get(email="nina.nys@stad.gent").preferred_language == "fr"


def upload_csv(client, content):
    file = SimpleUploadedFile("people.csv", content.encode())
    return client.post(reverse("members:invite_csv"), {"file": file}, follow=True)


def test_csv_rows_take_their_language_column_or_the_coordinator_s(client, cora, gent):
    client.force_login(cora)
    speaking(client, "fr")

    upload_csv(client, "email,first_name,last_name,language\nan@stad.gent,An,Peeters,NL\njan@stad.gent,Jan,Maes,\n")

    assert dict(Invitation.objects.values_list("email", "language")) == {"an@stad.gent": "nl", "jan@stad.gent": "fr"}
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "an@stad.gent": "[Buyers Group] U bent uitgenodigd op het portaal van de Buyers Group",
        "jan@stad.gent": "[Buyers Group] Vous êtes invité sur le portail du Buyers Group",
    }


def test_csv_row_with_an_unknown_language_is_reported(client, cora, gent):
    client.force_login(cora)

    page = upload_csv(client, "email,first_name,last_name,language\nan@stad.gent,An,Peeters,Deutsch\n")

    assert "Unknown language “Deutsch”: use en, nl or fr" in page.content.decode()
    assert not Invitation.objects.exists()


# --- Requests for access -------------------------------------------------------------------------


@pytest.fixture
def dutch_coordinator(cora):
    cora.remember_language("nl")
    return cora


def test_a_requester_hears_back_in_the_language_of_their_request(client, dutch_coordinator, gent):
    speaking(client, "fr").post(
        reverse("members:request_access"),
        {"first_name": "Nina", "last_name": "Nys", "email": "nina.nys@stad.gent", "job_title": "", "message": ""},
    )
    to_coordinator, _to_requester = mail.outbox
    assert to_coordinator.subject == "[Buyers Group] Nieuwe toegangsaanvraag van Stad Gent"
    access_request = AccessRequest.objects.get()
    assert access_request.language == "fr"

    coordinator = speaking(client, "en")
    coordinator.force_login(dutch_coordinator)
    coordinator.post(reverse("members:decide_access_request", args=[access_request.pk]), {"decision": "decline"})

    assert mail.outbox[-1].to == ["nina.nys@stad.gent"]
    assert mail.outbox[-1].subject == "[Buyers Group] Votre demande d'accès au portail du Buyers Group"


def test_a_deletion_request_reaches_the_coordinators_in_their_language(client, alice, dutch_coordinator):
    client.force_login(alice)

    speaking(client, "fr").post(PROFILE, {"action": "request_deletion"})

    (message,) = mail.outbox
    assert message.subject == "[Buyers Group] Verzoek om een account te verwijderen"
    assert "alice@stad.gent" in message.body and "Stad Gent" in message.body
