"""Coordinator pages: 404 for everyone else, and only with two-factor authentication on."""

import pytest
from django.http import HttpResponse
from django.urls import include, path, reverse

from buyersgroup.access import coordinator_required
from buyersgroup.core.models import SecurityEvent
from tests.core.test_security_urls import URLS
from tests.factories import MemberFactory, add_totp


@coordinator_required
def _coordinator_page(request):
    return HttpResponse("coordinator-only content")


urlpatterns = [
    path("coordinator-page/", _coordinator_page),
    path("", include("buyersgroup.urls")),
]


@pytest.fixture
def coordinator_without_two_factor(fedorg):
    return MemberFactory(email="new.coordinator@bosa.fgov.be", organisation=fedorg, role="coordinator")


@pytest.mark.urls(__name__)
def test_member_gets_404_and_the_attempt_is_logged(client, alice):
    client.force_login(alice)
    response = client.get("/coordinator-page/")
    assert response.status_code == 404
    assert "coordinator-only content" not in response.content.decode()
    denied = SecurityEvent.objects.get(kind="access_denied")
    assert (denied.actor, denied.path, denied.detail) == (alice, "/coordinator-page/", {"reason": "coordinator page"})


@pytest.mark.urls(__name__)
def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, coordinator_without_two_factor):
    client.force_login(coordinator_without_two_factor)
    response = client.get("/coordinator-page/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert "coordinator-only content" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_coordinator_with_two_factor_gets_in(client, coordinator_without_two_factor):
    add_totp(coordinator_without_two_factor)
    client.force_login(coordinator_without_two_factor)
    response = client.get("/coordinator-page/")
    assert response.status_code == 200
    assert response.content == b"coordinator-only content"


@pytest.mark.urls(__name__)
def test_deactivated_coordinator_is_refused(client, cora):
    client.force_login(cora)
    cora.is_active = False
    cora.save()
    response = client.get("/coordinator-page/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


COORDINATOR_URLS = [row for row in URLS if getattr(row.values[2].callback, "coordinator_only", False)]


def test_every_coordination_url_is_coordinator_only():
    """Pages under /members/coordination/ must use access.coordinator_required."""
    paths = [row.values[0] for row in URLS if row.values[0].startswith("/members/coordination/")]
    unprotected = [p for p in paths if p not in {row.values[0] for row in COORDINATOR_URLS}]
    assert paths and unprotected == []


@pytest.mark.parametrize("path", [pytest.param(row.values[0], id=row.id) for row in COORDINATOR_URLS])
def test_real_coordinator_pages_need_the_role_and_two_factor(client, alice, coordinator_without_two_factor, path):
    client.force_login(alice)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    client.force_login(coordinator_without_two_factor)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
