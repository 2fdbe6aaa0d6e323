"""The coordination overview and a coordinator managing one member (role, deactivation)."""

import lxml.html
import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.urls import reverse

from buyersgroup.core.models import SecurityEvent
from buyersgroup.members.models import AccessRequest, Invitation
from tests.factories import PASSWORD, MemberFactory, OrganisationFactory

COORDINATION = reverse("members:coordination")


def html_of(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def manage_url(member):
    return reverse("members:manage_member", args=[member.pk])


def messages_of(response):
    return " ".join(p.text_content() for p in html_of(response).xpath('//p[contains(@class, "message")]'))


# --- coordination overview ------------------------------------------------------


def test_overview_counts_and_links(client, cora, alice, gent, fedorg):
    AccessRequest.objects.create(email="dora@stad.gent", first_name="Dora", last_name="D", organisation=gent)
    AccessRequest.objects.create(
        email="eva@stad.gent", first_name="Eva", last_name="E", organisation=gent, status="declined"
    )
    Invitation.issue(email="frank@bosa.fgov.be", organisation=fedorg, invited_by=cora)
    Invitation.issue(email="gert@bosa.fgov.be", organisation=fedorg, invited_by=cora)
    client.force_login(cora)

    html = html_of(client.get(COORDINATION))
    figures = {a.get("href"): " ".join(a.text_content().split()) for a in html.xpath('//ul[@class="figures"]//a')}

    assert figures[reverse("members:access_requests")] == "1 access request waiting"
    assert figures[reverse("members:invite")] == "2 invitations not yet accepted"
    assert figures[reverse("members:organisations")] == "2 organisations"
    hrefs = {a.get("href") for a in html.xpath("//main//a")}
    assert reverse("members:invite_csv") in hrefs
    assert reverse("entries:review_queue") in hrefs


def test_overview_groups_queue_reference_data_and_members(client, cora):
    client.force_login(cora)
    html = html_of(client.get(COORDINATION))
    assert [" ".join(h.text_content().split()) for h in html.xpath("//main//h2")] == [
        "Review queue", "Reference data", "Members"
    ]
    reference = {a.get("href") for a in html.xpath('//section[@aria-labelledby="reference-heading"]//a')}
    assert {reverse("taxonomy:criteria"), reverse("taxonomy:categories"), reverse("members:organisations")} <= reference


def test_admin_link_only_for_those_who_may_use_the_admin(client, cora):
    client.force_login(cora)
    assert not html_of(client.get(COORDINATION)).xpath(f'//a[@href="{reverse("admin:index")}"]')
    assert client.get(reverse("admin:index")).status_code == 302  # the admin refuses a coordinator who is not staff

    cora.is_staff = True
    cora.save()
    assert html_of(client.get(COORDINATION)).xpath(f'//a[@href="{reverse("admin:index")}"]')


def test_overview_lists_members_with_a_link_to_manage_each(client, cora, alice, carol):
    alice.is_active = False
    alice.save()
    client.force_login(cora)

    html = html_of(client.get(COORDINATION))
    rows = {
        " ".join(tr.xpath("th")[0].text_content().split()): [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        for tr in html.xpath("//table/tbody/tr")
    }

    assert rows["Alice Aerts alice@stad.gent"][:3] == ["Stad Gent", "Member", "Deactivated"]
    assert rows["Cora Coppens cora@bosa.fgov.be"][:3] == ["FOD BOSA", "Coordinator", "Active"]
    assert html.xpath(f'//table//a[@href="{manage_url(alice)}"]')
    assert all(th.get("scope") == "col" for th in html.xpath("//table/thead//th"))


def test_overview_search_and_filters(client, cora, alice, bob, carol):
    alice.is_active = False
    alice.save()
    client.force_login(cora)

    def names(**params):
        html = html_of(client.get(COORDINATION, params))
        return sorted(" ".join(tr.xpath("th")[0].text_content().split()[:2]) for tr in html.xpath("//table/tbody/tr"))

    assert names(q="bosa") == ["Carol Claes", "Cora Coppens"]
    assert names(role="coordinator") == ["Cora Coppens"]
    assert names(is_active="false") == ["Alice Aerts"]
    assert names(q="gent", is_active="true") == ["Bob Bosmans"]


@pytest.mark.parametrize("extra", [3, 30])
def test_overview_query_count_does_not_grow_with_members(client, cora, django_assert_num_queries, extra):
    organisations = OrganisationFactory.create_batch(3)
    for n in range(extra):
        MemberFactory(organisation=organisations[n % 3] if n % 5 else None, role="coordinator" if n % 7 == 0 else "member")
    client.force_login(cora)
    client.get(COORDINATION)

    # session, coordinator, two-factor check, access requests, invitations, organisations,
    # member count, member page (the session is not saved on a read)
    with django_assert_num_queries(8):
        client.get(COORDINATION)


# --- managing a member ---------------------------------------------------------------


def test_manage_page_shows_the_member_and_the_actions(client, cora, alice):
    client.force_login(cora)

    html = html_of(client.get(manage_url(alice)))

    assert html.xpath("//h1")[0].text_content().strip() == "Alice Aerts"
    assert "alice@stad.gent" in html.text_content()
    assert {b.get("value") for b in html.xpath('//form[@method="post"]//button[@name="action"]')} == {
        "change_role",
        "deactivate",
    }


def test_coordinator_makes_a_member_coordinator_and_back(client, cora, alice):
    client.force_login(cora)

    response = client.post(manage_url(alice), {"action": "change_role", "role": "coordinator"}, follow=True)

    assert "Alice Aerts is now: Coordinator." in messages_of(response)
    alice.refresh_from_db()
    assert alice.role == "coordinator"
    event = SecurityEvent.objects.get(kind="role_changed")
    assert event.actor == cora
    assert event.detail == {"member": alice.pk, "old_role": "member", "new_role": "coordinator"}

    client.post(manage_url(alice), {"action": "change_role", "role": "member"})
    alice.refresh_from_db()
    assert alice.role == "member"


def test_unknown_role_is_refused(client, cora, alice):
    client.force_login(cora)

    response = client.post(manage_url(alice), {"action": "change_role", "role": "superuser"})

    assert response.status_code == 200
    assert html_of(response).xpath('//div[@id="id_role_errors"]')
    alice.refresh_from_db()
    assert alice.role == "member"


def test_deactivation_ends_the_members_sessions_at_once(client, cora, alice):
    member_client = type(client)()
    response = member_client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert member_client.get(reverse("members:directory")).status_code == 200
    assert UserSession.objects.filter(user=alice).count() == 1
    client.force_login(cora)

    response = client.post(manage_url(alice), {"action": "deactivate"}, follow=True)

    assert "Alice Aerts is deactivated and logged out everywhere." in messages_of(response)
    alice.refresh_from_db()
    assert not alice.is_active
    assert not UserSession.objects.filter(user=alice).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(alice.pk)]
    response = member_client.get(reverse("members:directory"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert member_client.session.get("_auth_user_id") is None
    event = SecurityEvent.objects.get(kind="member_deactivated")
    assert (event.actor, event.detail) == (cora, {"member": alice.pk})
    # the coordinator's own session is untouched
    assert client.get(COORDINATION).status_code == 200


def test_deactivated_member_cannot_log_in_and_is_hidden(client, cora, alice, bob):
    client.force_login(cora)
    client.post(manage_url(alice), {"action": "deactivate"})

    other = type(client)()
    other.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert other.get(reverse("members:directory")).status_code == 302
    other.force_login(bob)
    assert other.get(reverse("members:detail", args=[alice.pk])).status_code == 404


def test_coordinator_reactivates_a_member(client, cora, alice):
    alice.is_active = False
    alice.save()
    client.force_login(cora)
    html = html_of(client.get(manage_url(alice)))
    assert html.xpath('//button[@value="reactivate"]')

    response = client.post(manage_url(alice), {"action": "reactivate"}, follow=True)

    assert "Alice Aerts can log in again." in messages_of(response)
    alice.refresh_from_db()
    assert alice.is_active
    assert SecurityEvent.objects.filter(kind="member_reactivated", actor=cora).exists()


def test_coordinator_cannot_deactivate_or_demote_themselves(client, cora):
    client.force_login(cora)
    html = html_of(client.get(manage_url(cora)))
    assert not html.xpath('//button[@name="action"]')
    assert "You cannot remove your own coordinator role or deactivate your own account" in html.text_content()

    response = client.post(manage_url(cora), {"action": "deactivate"}, follow=True)
    assert "You cannot deactivate your own account." in messages_of(response)

    response = client.post(manage_url(cora), {"action": "change_role", "role": "member"}, follow=True)
    assert "You cannot remove your own coordinator role." in messages_of(response)

    cora.refresh_from_db()
    assert (cora.is_active, cora.role) == (True, "coordinator")
    assert not SecurityEvent.objects.filter(kind__in=["member_deactivated", "role_changed"]).exists()


def test_unknown_member_is_not_found(client, cora):
    client.force_login(cora)

    assert client.get(reverse("members:manage_member", args=[999999])).status_code == 404


def test_manage_page_query_count(client, cora, alice, django_assert_num_queries):
    client.force_login(cora)
    client.get(manage_url(alice))

    # session, coordinator, two-factor check, the member with their organisation
    with django_assert_num_queries(4):
        client.get(manage_url(alice))
