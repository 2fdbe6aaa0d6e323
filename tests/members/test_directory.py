"""The member directory and a member's page, as a logged-in member sees them."""

import lxml.html
import pytest
from django.urls import reverse

from tests.factories import MemberFactory, OrganisationFactory

DIRECTORY = reverse("members:directory")


def page(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def card_names(response):
    return sorted(h.text_content().strip() for h in page(response).xpath('//li[contains(@class, "member-card")]//h3'))


@pytest.fixture
def liege(db):
    return OrganisationFactory(name="Ville de Liège", level="municipality", region="wallonia", email_domains=["liege.be"])


@pytest.fixture
def dirk(liege):
    return MemberFactory(
        first_name="Dirk",
        last_name="Dubois",
        organisation=liege,
        job_title="Acheteur public",
        ask_me_about="refurbished laptops, Electronics Watch",
        languages=["fr", "nl"],
    )


def test_directory_lists_active_members_with_an_organisation(client, alice, bob, carol):
    MemberFactory(first_name="Ina", last_name="Inactive", is_active=False)
    MemberFactory(first_name="Nora", last_name="Nobody", organisation=None)
    client.force_login(alice)

    response = client.get(DIRECTORY)

    assert card_names(response) == ["Alice Aerts", "Bob Bosmans", "Carol Claes"]
    assert "3 members" in response.content.decode()


def test_card_shows_job_organisation_level_region_languages_and_ask_me_about(client, alice, dirk):
    client.force_login(alice)

    card = page(client.get(DIRECTORY)).xpath('//li[contains(@class, "member-card")][.//h3[contains(., "Dirk")]]')[0]
    text = " ".join(card.text_content().split())

    assert "Acheteur public" in text
    assert "Ville de Liège · Municipality · Wallonia" in text
    assert "Dutch, French" in text or "French, Dutch" in text
    assert "refurbished laptops, Electronics Watch" in text
    assert card.xpath(f'.//a[@href="{reverse("members:detail", args=[dirk.pk])}"]')


def test_search_and_filters_form_is_labelled_and_works_without_javascript(client, alice):
    client.force_login(alice)

    html = page(client.get(DIRECTORY))

    form = html.xpath('//form[@method="get"][@aria-labelledby="filters-heading"]')[0]
    assert html.xpath('//h2[@id="filters-heading"]')[0].text_content().strip() == "Filters"
    search = form.xpath('.//input[@name="q"]')[0]
    assert search.get("type") == "search"
    assert html.xpath(f'//label[@for="{search.get("id")}"]')[0].text_content().strip() == "Search"
    assert {s.get("name") for s in form.xpath(".//select")} == {"organisation", "level", "region"}
    assert form.xpath('.//button[@type="submit"]')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dubois", ["Dirk Dubois"]),  # last name, any case
        ("liège", ["Dirk Dubois"]),  # organisation
        ("acheteur", ["Dirk Dubois"]),  # job title
        ("electronics watch", ["Dirk Dubois"]),  # ask me about, every word
        ("Alice Gent", ["Alice Aerts"]),  # name and organisation together
        ("gent", ["Alice Aerts", "Bob Bosmans"]),
        ("nobody-matches-this", []),
    ],
)
def test_search(client, alice, bob, carol, dirk, query, expected):
    client.force_login(alice)

    assert card_names(client.get(DIRECTORY, {"q": query})) == expected


def test_filter_by_organisation_level_and_region(client, alice, bob, carol, dirk, gent, fedorg):
    client.force_login(alice)

    assert card_names(client.get(DIRECTORY, {"organisation": gent.pk})) == ["Alice Aerts", "Bob Bosmans"]
    assert card_names(client.get(DIRECTORY, {"level": "federal"})) == ["Carol Claes"]
    assert card_names(client.get(DIRECTORY, {"region": "wallonia"})) == ["Dirk Dubois"]
    assert card_names(client.get(DIRECTORY, {"level": "municipality", "region": "flanders"})) == [
        "Alice Aerts",
        "Bob Bosmans",
    ]


def test_no_match_says_so(client, alice):
    client.force_login(alice)

    response = client.get(DIRECTORY, {"q": "zzzz"})

    assert "0 members" in response.content.decode()
    assert "No members match your search and filters." in response.content.decode()


def test_nonsense_filter_values_do_not_break_the_page(client, alice):
    client.force_login(alice)

    response = client.get(DIRECTORY, {"organisation": "abc", "level": "galaxy", "page": "999"})

    assert response.status_code == 200


def test_email_shown_only_when_the_member_chose_it(client, alice, bob, carol):
    bob.show_email = True
    bob.save()
    client.force_login(carol)

    content = client.get(DIRECTORY).content.decode()

    assert "mailto:bob@stad.gent" in content
    assert "alice@stad.gent" not in content
    assert "carol@bosa.fgov.be" in content  # the viewer sees their own address


def test_coordinators_see_every_email(client, alice, cora):
    client.force_login(cora)

    assert "mailto:alice@stad.gent" in client.get(DIRECTORY).content.decode()


def test_pagination_keeps_the_filters(client, alice, gent):
    MemberFactory.create_batch(30, organisation=gent)
    client.force_login(alice)

    first = page(client.get(DIRECTORY, {"organisation": gent.pk}))
    assert len(first.xpath('//li[contains(@class, "member-card")]')) == 24
    next_link = first.xpath('//nav[contains(@class, "pagination")]//a[@rel="next"]')[0].get("href")
    assert f"organisation={gent.pk}" in next_link and "page=2" in next_link

    second = page(client.get(DIRECTORY + next_link))
    assert len(second.xpath('//li[contains(@class, "member-card")]')) == 31 - 24


def test_anonymous_visitor_is_sent_to_log_in(client, alice):
    response = client.get(DIRECTORY)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("extra", [3, 30])
def test_directory_query_count_does_not_grow_with_members(client, alice, django_assert_num_queries, extra):
    organisations = OrganisationFactory.create_batch(3)
    for n in range(extra):
        MemberFactory(organisation=organisations[n % 3], languages=["nl", "en"], show_email=n % 2 == 0)
    client.force_login(alice)
    client.get(DIRECTORY)  # the session settles on the first request

    # session, viewer, count, page, organisations for the filter (the session is not saved on a read)
    with django_assert_num_queries(5):
        response = client.get(DIRECTORY, {"region": "flanders"})
    assert response.status_code == 200


def test_the_organisation_list_is_kept_and_forgotten_when_a_member_changes(client, alice, dirk, settings,
                                                                             django_assert_num_queries):
    from buyersgroup.core import choices

    settings.REFERENCE_CHOICES_SECONDS = 300
    client.force_login(alice)
    try:
        client.get(DIRECTORY)
        with django_assert_num_queries(4):  # session, viewer, count, page: the organisations are kept
            client.get(DIRECTORY)
        client.logout()
        client.force_login(alice)  # a login writes last_login, which the list does not show: still kept
        with django_assert_num_queries(4):
            client.get(DIRECTORY)
        newcomer = OrganisationFactory(name="Gemeente Nieuwkerke")
        MemberFactory(organisation=newcomer)  # a member saved: the list is drawn again
        options = page(client.get(DIRECTORY)).xpath('//select[@name="organisation"]/option/text()')
        assert "Gemeente Nieuwkerke" in options and "Ville de Liège" in options
    finally:
        choices.forget()


# --- a member's page ---------------------------------------------------------


def test_member_page_shows_the_facts(client, alice, dirk):
    client.force_login(alice)

    html = page(client.get(reverse("members:detail", args=[dirk.pk])))
    text = " ".join(html.text_content().split())

    assert html.xpath("//h1")[0].text_content().strip() == "Dirk Dubois"
    for fact in ["Ville de Liège", "Municipality", "Wallonia", "Acheteur public", "Electronics Watch", "French"]:
        assert fact in text
    assert not html.xpath('//a[starts-with(@href, "mailto:") and contains(@href, "liege")]')


def test_member_page_has_a_mailto_link_when_allowed(client, alice, dirk):
    dirk.show_email = True
    dirk.save()
    client.force_login(alice)

    html = page(client.get(reverse("members:detail", args=[dirk.pk])))

    assert html.xpath(f'//a[@href="mailto:{dirk.email}"]')


@pytest.mark.parametrize("change", [{"is_active": False}, {"organisation": None}])
def test_inactive_members_and_members_without_organisation_are_not_found(client, alice, dirk, change):
    for name, value in change.items():
        setattr(dirk, name, value)
    dirk.save()
    client.force_login(alice)

    assert client.get(reverse("members:detail", args=[dirk.pk])).status_code == 404


def test_member_page_query_count(client, alice, dirk, django_assert_num_queries):
    client.force_login(alice)
    client.get(DIRECTORY)

    # session, viewer, the member shown with their organisation (3),
    # what they shared: one query per kind of entry (2)
    with django_assert_num_queries(5):
        client.get(reverse("members:detail", args=[dirk.pk]))
    from tests.practices.factories import PracticeFactory
    from tests.tenders.factories import TenderFactory

    for _ in range(3):
        TenderFactory(author=dirk, status="published")
        PracticeFactory(author=dirk, status="published")
    with django_assert_num_queries(5):
        page = client.get(reverse("members:detail", args=[dirk.pk])).content.decode()
    assert page.count(">Refurbished laptops for schools") == 3 and page.count(">Take-back clause for laptops") == 3
    assert page.count("#ask-heading\">Ask a question<") == 6  # each published entry invites a question
