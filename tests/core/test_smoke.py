import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_landing_page_is_public(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Request access" in response.content.decode()


def test_member_sees_home(client, alice):
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert "Welcome, Alice" in response.content.decode()


def test_home_cards_lead_to_every_part_of_the_portal(client, alice):
    import lxml.html

    client.force_login(alice)
    page = lxml.html.fromstring(client.get(reverse("home")).content)
    cards = {" ".join(a.text_content().split()): a.get("href") for a in page.xpath("//main//div[@class='grid']//h2/a")}
    assert cards == {"Tenders": "/tenders/", "Practices": "/practices/", "Insights": reverse("insights:page"),
                     "Members": reverse("members:directory"), "My profile": reverse("members:profile")}


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
