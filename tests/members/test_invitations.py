"""Inviting people (one, or a CSV list) and accepting an invitation, through the pages."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buyersgroup.core.models import SecurityEvent
from buyersgroup.members.models import Invitation, Member
from tests.factories import MemberFactory

NEW_PASSWORD = "quiet-orchard-lamp-2026"
SET_PASSWORD_URL = reverse("members:accept_invitation", args=["set-password"])


def link_in(message) -> str:
    """The path of the invitation link in an e-mail body."""
    return re.search(r"https?://testserver(/members/invitation/[^/\s]+/)", message.body).group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def coordinator_client(client, cora):
    client.force_login(cora)
    return client


def invite(client, organisation, email="nina.nys@stad.gent", role="member", language="en"):
    return client.post(
        reverse("members:invite"),
        {"email": email, "first_name": "Nina", "last_name": "Nys", "organisation": organisation.pk, "role": role,
         "language": language},
    )


def accept(client, path, password=NEW_PASSWORD, first_name="Nina", last_name="Nys"):
    """Open the link from the e-mail, then post the form the page shows."""
    page = client.get(path, follow=True)
    response = client.post(
        SET_PASSWORD_URL,
        {"first_name": first_name, "last_name": last_name, "password1": password, "password2": password},
    )
    return page, response


def issue(organisation, **fields):
    return Invitation.issue(email="nina.nys@stad.gent", organisation=organisation, invited_by=None, **fields)


def test_invitation_end_to_end(coordinator_client, client, django_user_model, gent):
    response = invite(coordinator_client, gent)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina.nys@stad.gent"]
    assert "Stad Gent" in message.body
    path = link_in(message)

    coordinator_client.logout()
    page, response = accept(client, path)
    assert page.status_code == 200
    assert "Stad Gent" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(response.url)
    assert "Welcome to the Buyers Group, Nina" in home.content.decode()
    assert home.context["user"].email == "nina.nys@stad.gent"

    member = Member.objects.get(email="nina.nys@stad.gent")
    assert (member.organisation, member.role, member.get_full_name()) == (gent, "member", "Nina Nys")
    assert member.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(user=member, email=member.email, verified=True, primary=True).exists()
    invitation = Invitation.objects.get(email=member.email)
    assert invitation.accepted_at is not None and invitation.member == member
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"invitation_sent", "invitation_accepted"} <= kinds


def test_no_token_is_ever_stored(coordinator_client, client, gent):
    invite(coordinator_client, gent)
    path = link_in(mail.outbox[0])
    token = token_of(path)
    accept(client, path)
    accept(client, path)  # the second use is refused and logged
    assert SecurityEvent.objects.filter(kind="invitation_refused").exists()
    for event in SecurityEvent.objects.all():
        assert token not in f"{event.path} {event.detail} {event.email} {event.user_agent}"
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_coordinator_can_invite_a_coordinator(coordinator_client, client, fedorg):
    invite(coordinator_client, fedorg, email="dirk@bosa.fgov.be", role="coordinator")
    accept(client, link_in(mail.outbox[0]))
    assert Member.objects.get(email="dirk@bosa.fgov.be").role == "coordinator"


def test_invite_refuses_an_existing_member(coordinator_client, alice, gent):
    response = invite(coordinator_client, gent, email="Alice@Stad.Gent")
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_refuses_an_address_already_invited(coordinator_client, gent):
    invite(coordinator_client, gent)
    response = invite(coordinator_client, gent)
    assert "already invited" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_pending_invitations_are_listed_and_can_be_revoked(coordinator_client, client, gent):
    invite(coordinator_client, gent)
    invitation = Invitation.objects.get()
    page = coordinator_client.get(reverse("members:invite")).content.decode()
    assert "nina.nys@stad.gent" in page and "Stad Gent" in page

    response = coordinator_client.post(reverse("members:invite"), {"revoke": invitation.pk}, follow=True)
    assert "revoked" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert SecurityEvent.objects.filter(kind="invitation_revoked", email="nina.nys@stad.gent").exists()
    assert "nina.nys@stad.gent" not in coordinator_client.get(reverse("members:invite")).content.decode()

    page, _response = accept(client, link_in(mail.outbox[0]))
    assert page.status_code == 404
    assert not Member.objects.filter(email="nina.nys@stad.gent").exists()


def test_expired_link_is_refused(client, gent, settings):
    invitation, token = issue(gent)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page, response = accept(client, reverse("members:accept_invitation", args=[token]))
    assert page.status_code == 404 and response.status_code == 404
    assert settings.CONTACT_EMAIL in page.content.decode()
    assert "cannot be used" in page.content.decode()
    assert not Member.objects.filter(email="nina.nys@stad.gent").exists()
    assert SecurityEvent.objects.filter(kind="invitation_refused", detail__reason="expired").exists()


def test_unknown_link_is_refused(client, db):
    response = client.get(reverse("members:accept_invitation", args=["not-a-real-token"]), follow=True)
    assert response.status_code == 404
    assert SecurityEvent.objects.filter(kind="invitation_refused", detail__reason="unknown").exists()


def test_used_link_is_refused(client, gent):
    _invitation, token = issue(gent)
    path = reverse("members:accept_invitation", args=[token])
    accept(client, path)
    client.logout()
    page, response = accept(client, path, password="another-long-password-2026")
    assert page.status_code == 404 and response.status_code == 404
    assert Member.objects.filter(email="nina.nys@stad.gent").count() == 1
    assert Member.objects.get(email="nina.nys@stad.gent").check_password(NEW_PASSWORD)


def test_second_browser_cannot_accept_the_same_invitation(client, gent):
    """Two submits of the same invitation (e.g. two tabs) never create two members."""
    _invitation, token = issue(gent)
    path = reverse("members:accept_invitation", args=[token])
    other = Client()
    other.get(path, follow=True)
    accept(client, path)
    response = other.post(
        SET_PASSWORD_URL, {"first_name": "N", "last_name": "N", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 404
    assert Member.objects.filter(email="nina.nys@stad.gent").count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [("short-2026", "too short"), ("password12345", "too common"), ("nina.nys@stad.gent", "too similar")],
)
def test_weak_password_is_refused(client, gent, password, message):
    _invitation, token = issue(gent)
    _page, response = accept(client, reverse("members:accept_invitation", args=[token]), password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.filter(email="nina.nys@stad.gent").exists()


def test_passwords_must_match(client, gent):
    _invitation, token = issue(gent)
    client.get(reverse("members:accept_invitation", args=[token]))
    response = client.post(
        SET_PASSWORD_URL, {"first_name": "Nina", "last_name": "Nys", "password1": NEW_PASSWORD, "password2": "other"}
    )
    assert "didn’t match" in response.content.decode()
    assert not Member.objects.exists()


def test_accept_page_is_prefilled(client, gent):
    _invitation, token = issue(gent, first_name="Nina", last_name="Nys")
    page = client.get(reverse("members:accept_invitation", args=[token]), follow=True)
    assert page.context["form"]["first_name"].value() == "Nina"
    assert page.context["form"]["last_name"].value() == "Nys"


# --- CSV --------------------------------------------------------------------------------------


def upload(client, content: str | bytes, name="people.csv", **data):
    raw = content.encode() if isinstance(content, str) else content
    return client.post(reverse("members:invite_csv"), {"file": SimpleUploadedFile(name, raw), **data}, follow=True)


def test_csv_with_three_good_rows_invites_three(coordinator_client, gent, fedorg):
    response = upload(
        coordinator_client,
        "email,first_name,last_name,organisation\n"
        "an@stad.gent,An,Peeters,\n"
        "jan@bosa.fgov.be,Jan,Janssens,FOD BOSA\n"
        "els@gmail.com,Els,Maes,stad gent\n",
    )
    assert "3 invitations sent" in response.content.decode()
    invited = dict(Invitation.objects.values_list("email", "organisation__name"))
    assert invited == {"an@stad.gent": "Stad Gent", "jan@bosa.fgov.be": "FOD BOSA", "els@gmail.com": "Stad Gent"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invited)
    assert SecurityEvent.objects.filter(kind="invitation_sent").count() == 3


def test_csv_with_one_bad_row_invites_nobody(coordinator_client, alice, gent):
    response = upload(
        coordinator_client,
        "email,first_name,last_name\n"
        "an@stad.gent,An,Peeters\n"
        "not-an-address,Jan,Janssens\n"
        "alice@stad.gent,Alice,Aerts\n"
        "an@stad.gent,An,Again\n"
        "els@unknown.example,Els,Maes\n",
    )
    page = response.content.decode()
    assert "Nobody was invited" in page
    problems = {p.line: p.problems for p in response.context["form"].problems}
    assert set(problems) == {3, 4, 5, 6}
    assert "Not a valid e-mail address" in page
    assert "Already a member" in page
    assert "The same address is on line 2" in page
    assert "No organisation" in page
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_csv_unknown_organisation_is_reported(coordinator_client, gent):
    response = upload(coordinator_client, "email,first_name,last_name,organisation\nan@stad.gent,An,P,Stad Brugge\n")
    assert "Unknown organisation “Stad Brugge”" in response.content.decode()
    assert not Invitation.objects.exists()


def test_csv_row_already_invited_is_reported(coordinator_client, gent):
    issue(gent)
    response = upload(coordinator_client, "email,first_name,last_name\nnina.nys@stad.gent,Nina,Nys\n")
    assert "Already invited" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_semicolon_csv_from_excel_with_bom(coordinator_client, gent):
    content = "\ufeffE-mail;First name;Last name\r\nan@stad.gent;Anaïs;Peeters\r\njan@stad.gent;Jan;Janssens\r\n"
    response = upload(coordinator_client, content.encode("utf-8"))
    assert "2 invitations sent" in response.content.decode()
    assert Invitation.objects.get(email="an@stad.gent").first_name == "Anaïs"


def test_csv_uses_the_chosen_organisation_when_the_domain_is_unknown(coordinator_client, gent, fedorg):
    content = "email,first_name,last_name\nan@gmail.com,An,P\nb@stad.gent,B,P\n"
    upload(coordinator_client, content, organisation=fedorg.pk)
    invited = dict(Invitation.objects.values_list("email", "organisation__name"))
    assert invited == {"an@gmail.com": "FOD BOSA", "b@stad.gent": "Stad Gent"}


def test_csv_role_column_invites_coordinators(coordinator_client, gent, fedorg):
    response = upload(
        coordinator_client,
        "email;first_name;last_name;organisation;role\n"
        "an@stad.gent;An;Peeters;;\n"
        "jan@bosa.fgov.be;Jan;Janssens;;Coordinator\n"
        "els@stad.gent;Els;Maes;;membre\n",
    )
    assert "3 invitations sent" in response.content.decode()
    assert dict(Invitation.objects.values_list("email", "role")) == {
        "an@stad.gent": "member", "jan@bosa.fgov.be": "coordinator", "els@stad.gent": "member"
    }


def test_csv_unknown_role_is_reported(coordinator_client, gent):
    response = upload(coordinator_client, "email,first_name,last_name,role\nan@stad.gent,An,P,boss\n")
    assert "Unknown role “boss”: write member or coordinator" in response.content.decode()
    assert not Invitation.objects.exists()


def test_csv_coordinator_rows_are_refused_for_an_inviter_who_is_not_a_coordinator(alice, gent):
    from buyersgroup.members.forms_invitations import InviteCsvForm

    content = b"email,first_name,last_name,role\nan@stad.gent,An,P,coordinator\nbo@stad.gent,Bo,P,member\n"
    form = InviteCsvForm({}, {"file": SimpleUploadedFile("people.csv", content)}, inviter=alice)
    assert not form.is_valid()
    assert [(p.line, p.problems) for p in form.problems] == [(2, ["only a coordinator may invite a coordinator"])]
    assert form.invitees == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x00", "could not be read as text"),
        ("\x00\x01binary".encode(), "not a CSV file"),
        ("name,phone\nAn,0470\n", "The first line must name the columns"),
        ("email,first_name,last_name\n", "no rows"),
        ("email\n" + "x@stad.gent\n" * 501, "more than 500 rows"),
        (b"email\n" + b"x" * (1024 * 1024), "larger than 1 MB"),
    ],
)
def test_csv_files_that_cannot_be_used(coordinator_client, gent, content, message):
    response = upload(coordinator_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


# --- Who may use the coordinator pages --------------------------------------------------------

COORDINATOR_PAGES = ["members:invite", "members:invite_csv"]


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_anonymous_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_member_gets_404(client, alice, name):
    client.force_login(alice)
    assert client.get(reverse(name)).status_code == 404


def test_member_cannot_invite(client, alice, gent):
    client.force_login(alice)
    assert invite(client, gent).status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, fedorg, name):
    client.force_login(MemberFactory(organisation=fedorg, role="coordinator"))
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_pending_invitations_page_queries_do_not_grow(coordinator_client, cora, gent, django_assert_max_num_queries):
    def add(count):
        for n in range(count):
            Invitation.issue(email=f"p{Invitation.objects.count()}-{n}@stad.gent", organisation=gent, invited_by=cora)

    add(2)
    with django_assert_max_num_queries(12) as few:
        coordinator_client.get(reverse("members:invite"))
    add(8)
    with django_assert_max_num_queries(len(few)):
        response = coordinator_client.get(reverse("members:invite"))
    assert len(response.context["pending"]) == 10
