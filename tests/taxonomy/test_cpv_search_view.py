"""The CPV autocomplete the tender form uses, and the lookup page for browsers without JavaScript."""

import pytest
from django.urls import reverse

from tests.taxonomy.helpers import texts

SEARCH = reverse("taxonomy:cpv_search")
LOOKUP = reverse("taxonomy:cpv_lookup")


@pytest.mark.parametrize("query", ["laptop", "ordinateur portable", "3021", "30213100-6", "draagbare computers"])
def test_member_gets_options_as_an_html_fragment(client, alice, query):
    client.force_login(alice)

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and content.lstrip().startswith("<ul")
    assert "30213100 Portable computers" in texts(response, "//li")
    assert len(texts(response, "//li")) <= 20


def test_options_are_labelled_in_the_members_language(client, alice):
    client.force_login(alice)
    response = client.get(SEARCH, {"q": "laptop"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert texts(response, "//li")[0] == "30213100 Draagbare computers"


def test_json_for_scripts(client, alice):
    client.force_login(alice)

    response = client.get(SEARCH, {"q": "30213100-6", "format": "json"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert response.json() == [{"code": "30213100", "display_code": "30213100", "label": "Ordinateurs portables"}]


def test_no_match_and_no_query(client, alice):
    client.force_login(alice)
    assert client.get(SEARCH, {"q": "xyzzy-nothing", "format": "json"}).json() == []
    assert texts(client.get(SEARCH), "//li") == ["No CPV code matches."]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for url in (SEARCH, LOOKUP):
        response = client.get(url, {"q": "laptop"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_lookup_page_without_javascript(client, alice):
    client.force_login(alice)

    response = client.get(LOOKUP, {"q": "tablet"})

    assert response.status_code == 200
    assert texts(response, "//h1") == ["Look up a CPV code"]
    assert "30213200 Tablet computer" in texts(response, "//ul[contains(@class, 'cpv-options')]/li")
    assert texts(response, "//label[@for='cpv-query']") == ["Code or words"]


@pytest.mark.parametrize("query", ["laptop", "3021"])
def test_search_runs_a_fixed_number_of_queries(client, alice, query, django_assert_max_num_queries):
    client.force_login(alice)
    # session, member, the search itself, and saving the session (with its savepoint),
    # plus the rate limit's counter in the database cache (lock, read, write, unlock: 12 with savepoints)
    with django_assert_max_num_queries(6 + 12):
        assert client.get(SEARCH, {"q": query}).status_code == 200
