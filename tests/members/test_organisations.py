"""Coordinators manage organisations; nobody else reaches the coordinator pages."""

import lxml.html
import pytest
from django.urls import reverse

from buyersgroup.members.models import Organisation
from tests.factories import MemberFactory, OrganisationFactory

ORGANISATIONS = reverse("members:organisations")
CREATE = reverse("members:organisation_create")


def html_of(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def field_errors(response, name):
    return " ".join(p.text_content() for p in html_of(response).xpath(f'//div[@id="id_{name}_errors"]/p'))


def new_organisation(**changes):
    data = {
        "name": "Stad Antwerpen",
        "level": "municipality",
        "region": "flanders",
        "enterprise_number": "",
        "website": "",
        "email_domains": "",
    }
    return data | changes


def test_list_shows_level_region_enterprise_number_domains_and_member_count(client, cora, alice, bob, gent):
    gent.enterprise_number = "0207437468"
    gent.website = "https://stad.gent"
    gent.email_domains = ["gent.be", "stad.gent"]
    gent.save()
    MemberFactory(organisation=gent, is_active=False)
    client.force_login(cora)

    row = html_of(client.get(ORGANISATIONS)).xpath('//tr[th/a[normalize-space()="Stad Gent"]]')[0]
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]

    assert " ".join(row.xpath("th")[0].text_content().split()) == "Stad Gent https://stad.gent"
    assert cells == ["Municipality", "Flanders", "0207.437.468", "gent.be, stad.gent", "2"]
    assert row.xpath(f'.//a[@href="{reverse("members:organisation_edit", args=[gent.pk])}"]')


def test_list_table_has_column_headers(client, cora):
    client.force_login(cora)

    headers = html_of(client.get(ORGANISATIONS)).xpath("//table/thead//th")

    assert headers and all(th.get("scope") == "col" for th in headers)


@pytest.mark.parametrize("extra", [2, 20])
def test_list_query_count_does_not_grow_with_organisations(client, cora, django_assert_num_queries, extra):
    for organisation in OrganisationFactory.create_batch(extra):
        MemberFactory.create_batch(2, organisation=organisation)
    client.force_login(cora)
    client.get(ORGANISATIONS)

    # session, coordinator, two-factor check, count, the page of organisations with their member counts
    with django_assert_num_queries(5):
        client.get(ORGANISATIONS)


def test_coordinator_adds_an_organisation(client, cora):
    client.force_login(cora)
    assert html_of(client.get(CREATE)).xpath('//form[@method="post"]//textarea[@name="email_domains"]')

    response = client.post(
        CREATE,
        new_organisation(
            enterprise_number="BE 0207.437.468",
            website="www.antwerpen.be",
            email_domains="Antwerpen.be, @stad.antwerpen.be\ndigipolis.be",
        ),
        follow=True,
    )

    assert "Organisation Stad Antwerpen added." in response.content.decode()
    organisation = Organisation.objects.get(name="Stad Antwerpen")
    assert organisation.enterprise_number == "0207437468"
    assert organisation.website == "https://www.antwerpen.be"
    assert organisation.email_domains == ["antwerpen.be", "digipolis.be", "stad.antwerpen.be"]


def test_enterprise_number_check_digits_are_checked(client, cora):
    client.force_login(cora)

    response = client.post(CREATE, new_organisation(enterprise_number="0207.437.469"))

    assert "check digits do not match" in field_errors(response, "enterprise_number")
    assert html_of(response).xpath('//div[@id="error-summary"]//a[@href="#id_enterprise_number"]')
    assert not Organisation.objects.filter(name="Stad Antwerpen").exists()


def test_enterprise_number_needs_ten_digits(client, cora):
    client.force_login(cora)

    response = client.post(CREATE, new_organisation(enterprise_number="12345"))

    assert "10 digits" in field_errors(response, "enterprise_number")


def test_a_domain_belongs_to_one_organisation_only(client, cora, gent):
    client.force_login(cora)

    response = client.post(CREATE, new_organisation(email_domains="antwerpen.be\nSTAD.GENT"))

    assert "A domain already belongs to Stad Gent." in field_errors(response, "email_domains")
    assert not Organisation.objects.filter(name="Stad Antwerpen").exists()


def test_domains_must_look_like_domains(client, cora):
    client.force_login(cora)

    response = client.post(CREATE, new_organisation(email_domains="antwerpen.be, not a domain!, localhost"))

    errors = field_errors(response, "email_domains")
    assert "does not look like a domain: not a domain!, localhost." in errors


def test_names_are_unique(client, cora, gent):
    client.force_login(cora)

    response = client.post(CREATE, new_organisation(name="Stad Gent"))

    assert "An organisation with this name already exists." in field_errors(response, "name")


def test_coordinator_edits_an_organisation(client, cora, gent):
    gent.enterprise_number = "0207437468"
    gent.save()
    url = reverse("members:organisation_edit", args=[gent.pk])
    client.force_login(cora)
    form = html_of(client.get(url)).xpath('//form[.//input[@name="name"]]')[0]
    data = dict(form.form_values())
    assert data["enterprise_number"] == "0207.437.468"
    assert data["email_domains"].strip() == "stad.gent"  # a browser drops the newline after <textarea>

    data.update(enterprise_number="0316381039", email_domains="stad.gent\ngent.be")
    response = client.post(url, data, follow=True)

    assert "Organisation Stad Gent saved." in response.content.decode()
    gent.refresh_from_db()
    assert gent.enterprise_number == "0316381039"
    assert gent.email_domains == ["gent.be", "stad.gent"]


def test_editing_keeps_the_organisations_own_domains(client, cora, gent):
    """Saving an organisation does not trip over its own domains."""
    client.force_login(cora)

    response = client.post(
        reverse("members:organisation_edit", args=[gent.pk]),
        new_organisation(name="Stad Gent", email_domains="stad.gent"),
    )

    assert response.status_code == 302


def test_unknown_organisation_is_not_found(client, cora):
    client.force_login(cora)

    assert client.get(reverse("members:organisation_edit", args=[999999])).status_code == 404


# --- every coordinator page --------------------------------------------------

COORDINATOR_PAGES = [
    ("members:coordination", []),
    ("members:organisations", []),
    ("members:organisation_create", []),
    ("members:organisation_edit", ["gent"]),
    ("members:manage_member", ["alice"]),
]


def _url(request, name, args):
    return reverse(name, args=[request.getfixturevalue(arg).pk for arg in args])


@pytest.mark.parametrize(("name", "args"), COORDINATOR_PAGES)
def test_members_do_not_find_coordinator_pages(client, request, alice, gent, name, args):
    client.force_login(alice)
    url = _url(request, name, args)

    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "deactivate", "name": "X"}).status_code == 404
    alice.refresh_from_db()
    assert alice.is_active


@pytest.mark.parametrize(("name", "args"), COORDINATOR_PAGES)
def test_visitors_are_sent_to_log_in(client, request, alice, gent, name, args):
    response = client.get(_url(request, name, args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, fedorg):
    coordinator = MemberFactory(organisation=fedorg, role="coordinator")
    client.force_login(coordinator)

    response = client.get(ORGANISATIONS)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_admin_accepts_the_dotted_enterprise_number_like_the_portal_form(client, cora):
    cora.is_staff = cora.is_superuser = True
    cora.save()
    client.force_login(cora)
    response = client.post(reverse("admin:members_organisation_add"), {
        "name": "Stad Antwerpen", "level": "municipality", "region": "flanders",
        "enterprise_number": "0207.500.123", "website": "", "email_domains": "antwerpen.be",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="Stad Antwerpen")
    assert organisation.enterprise_number == "0207500123"
    assert organisation.email_domains == ["antwerpen.be"]
    page = client.get(reverse("admin:members_organisation_change", args=[organisation.pk])).content.decode()
    assert 'value="0207.500.123"' in page
