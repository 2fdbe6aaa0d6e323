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


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
