"""Unused HTTP methods answer 405, an unknown Host 400, and errors never show a stack trace."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.test import Client
from django.urls import include, path, reverse
from django.utils import translation

UNUSED_METHODS = ["trace", "put", "delete", "patch", "options"]


@login_not_required
def _crash(request):
    raise ZeroDivisionError("secret-internal-detail")


@login_not_required
def _missing(request):
    raise Http404("secret-internal-detail")


# A test-only URL configuration: the portal's URLs plus two views that fail.
urlpatterns = [
    path("crash/", _crash),
    path("missing/", _missing),
    path("", include("buyersgroup.urls")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("method", UNUSED_METHODS)
def test_unused_methods_answer_405_for_visitors(client, method):
    response = getattr(client, method)("/")
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD", "POST"]


@pytest.mark.parametrize("method", UNUSED_METHODS)
def test_unused_methods_answer_405_for_members(client, alice, method):
    client.force_login(alice)
    response = getattr(client, method)(reverse("members:directory"))
    assert response.status_code == 405
    assert b"Alice" not in response.content


@pytest.mark.django_db
def test_unknown_host_is_refused_with_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_server_error_shows_the_friendly_page_without_a_trace(settings):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "Traceback" not in html and "ZeroDivisionError" not in html and "secret-internal-detail" not in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_not_found_page_is_friendly_and_in_the_portal_layout(client):
    response = client.get("/missing/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'class="site-header"' in html and 'href="/accessibility/"' in html
    assert "secret-internal-detail" not in html


@pytest.mark.django_db
def test_unknown_address_is_a_friendly_404_even_for_visitors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.fixture
def dutch_visitor(client):
    """The language the middleware activates outlives the request in this thread: put English back."""
    client.cookies["django_language"] = "nl"
    yield client
    translation.activate("en")


@pytest.mark.django_db
def test_error_pages_follow_the_chosen_language(dutch_visitor):
    response = dutch_visitor.get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="nl">' in response.content.decode()


def test_server_error_page_renders_without_request_context():
    from django.template.loader import get_template
    from django.utils import translation

    with translation.override("en"):  # whatever an earlier test left active
        html = get_template("500.html").render()
    assert "Something went wrong" in html
    assert "/static/css/portal.css" in html
