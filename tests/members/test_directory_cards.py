"""The directory's cards are rendered once and kept (core.kept): each reader still sees what is theirs."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse


@pytest.fixture(autouse=True)
def empty_cache():
    caches["template_fragments"].clear()
    yield
    caches["template_fragments"].clear()


def _cards(client) -> dict[str, str]:
    page = client.get(reverse("members:directory")).content.decode()
    cards = re.findall(r'<li class="card member-card">(.*?)</li>', page, re.S)
    text = lambda html: " ".join(re.sub(r"<[^>]+>", " ", html).split())  # noqa: E731
    return {text(re.search(r"<h3>(.*?)</h3>", card, re.S).group(1)): text(card) for card in cards}


def test_a_change_saved_shows_at_once(client, alice, bob):
    client.force_login(bob)
    assert "Alice Aerts" in _cards(client)
    alice.last_name, alice.job_title = "Aerts-De Smet", "ICT buyer"
    alice.save()
    alice.organisation.name = "Stad Gent (ICT)"
    alice.organisation.save()
    card = _cards(client)["Alice Aerts-De Smet"]
    assert card.startswith("Alice Aerts-De Smet ICT buyer Stad Gent (ICT)")


def test_each_reader_sees_the_addresses_they_may(client, alice, bob, cora):
    assert not alice.show_email
    client.force_login(bob)
    assert "alice@stad.gent" not in _cards(client)["Alice Aerts"]
    client.force_login(cora)  # a coordinator sees every address
    assert "alice@stad.gent" in _cards(client)["Alice Aerts"]
    client.force_login(alice)  # and each member their own
    assert "alice@stad.gent" in _cards(client)["Alice Aerts"]
    client.force_login(bob)
    assert "alice@stad.gent" not in _cards(client)["Alice Aerts"]
