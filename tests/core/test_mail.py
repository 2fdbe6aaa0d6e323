"""The one way to send e-mail: after commit, in each recipient's language, one message per language."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import DataError, transaction
from django.test import RequestFactory
from django.urls import reverse

from buyersgroup.core.mail import queue_email
from buyersgroup.members import invitations
from buyersgroup.members.models import Invitation
from buyersgroup.moderation.services import transition
from tests.factories import MemberFactory
from tests.tenders.factories import TenderFactory


def act(client, tender, action, comment=""):
    return client.post(reverse("tenders:act", args=[tender.pk, action]), {"comment": comment}, follow=True)


def speaking(client, member, language):
    """``member`` logged in, using the portal in ``language`` (as the language switcher leaves it)."""
    client.force_login(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_no_email_a_committed_one_does(gent, cora):
    request = RequestFactory().post("/members/invite/")
    request.user = cora
    good = invitations.Invitee("nina.nys@stad.gent", gent, "Nina", "Nys")
    too_long = invitations.Invitee("jan.janssens@stad.gent", gent, "J" * 200, "Janssens")

    with pytest.raises(DataError):  # the second invitation fails: the first is rolled back with it
        invitations.invite(request, [good, too_long])
    assert not Invitation.objects.exists()
    assert mail.outbox == []

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email("members/email/invitation", {"invitation": None, "link": ""}, ["nina.nys@stad.gent"])
        raise RuntimeError("something later in the same transaction fails")
    assert mail.outbox == []

    invitations.invite(request, [good])
    assert [m.to for m in mail.outbox] == [["nina.nys@stad.gent"]]


def test_nothing_is_queued_before_the_commit(gent, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue_email("moderation/email/publish.txt", {"entry": TenderFactory(author=alice)}, [alice])
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_french_coordinator_publishing_writes_to_a_dutch_author_in_dutch(client, alice, cora):
    alice.remember_language("nl")
    tender = TenderFactory(author=alice, organisation=alice.organisation, status="submitted", title="Laptops 2026")

    page = act(speaking(client, cora, "fr"), tender, "publish")

    assert '<html lang="fr"' in page.content.decode()  # the coordinator worked in French
    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert message.subject == "[Buyers Group] Gepubliceerd: Laptops 2026"


def test_coordinators_each_hear_in_their_language_one_message_per_language(
    alice, cora, fedorg, django_capture_on_commit_callbacks
):
    cora.remember_language("fr")
    dirk = MemberFactory(email="dirk@bosa.fgov.be", organisation=fedorg, role="coordinator", preferred_language="nl")
    els = MemberFactory(email="els@bosa.fgov.be", organisation=fedorg, role="coordinator", preferred_language="nl")
    tender = TenderFactory(author=alice, organisation=alice.organisation, status="draft", title="Servers")

    with django_capture_on_commit_callbacks(execute=True):
        transition(tender, "submit", alice, "")

    by_recipients = {tuple(m.to): m.subject for m in mail.outbox}
    assert by_recipients == {
        (cora.email,): "[Buyers Group] Nouvelle contribution à valider (marché) : Servers",
        (dirk.email, els.email): "[Buyers Group] Nieuwe bijdrage te beoordelen (opdracht): Servers",
    }


def test_a_member_without_a_known_language_hears_in_the_language_of_whoever_acted(client, alice, cora):
    assert alice.preferred_language == ""
    tender = TenderFactory(author=alice, organisation=alice.organisation, status="submitted", title="Printers")

    act(speaking(client, cora, "fr"), tender, "publish")

    assert mail.outbox[-1].subject == "[Buyers Group] Publié : Printers"


def test_account_mail_goes_to_a_member_in_their_language_whatever_the_page_language(client, alice):
    alice.remember_language("nl")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    client.post(reverse("account_reset_password"), {"email": alice.email})

    (message,) = mail.outbox
    assert message.subject == "[Buyers Group] Nieuw wachtwoord"


def test_a_new_address_of_a_member_is_confirmed_in_the_member_s_language(client, alice):
    alice.remember_language("nl")
    speaking(client, alice, "en")

    client.post(reverse("account_email"), {"action_add": "", "email": "alice.aerts@stad.gent"})

    assert mail.outbox[-1].to == ["alice.aerts@stad.gent"]
    assert mail.outbox[-1].subject == "[Buyers Group] Bevestig je e-mailadres"
