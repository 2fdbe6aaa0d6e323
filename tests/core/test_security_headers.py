"""Security headers on every page: CSP without inline scripts, nosniff, referrer, framing, COOP."""

import re

import pytest
from django.urls import path, reverse

from tests.factories import PASSWORD


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.fixture(params=["visitor", "member"])
def page(request, client, db):
    """The landing page for a visitor, the member directory for a member."""
    if request.param == "member":
        client.force_login(request.getfixturevalue("alice"))
        return client.get(reverse("members:directory"))
    return client.get(reverse("home"))


def test_content_security_policy_forbids_inline_and_foreign_scripts(page):
    assert page.status_code == 200
    csp = _directives(page["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


def test_pages_carry_no_inline_script_or_style(page):
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> would be blocked by the CSP"
    assert " style=" not in html
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline event handlers are inline scripts"


def test_other_security_headers(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, alice):
    form = client.get(reverse("account_login"))
    assert form.cookies["csrftoken"]["httponly"] is True
    assert form.cookies["csrftoken"]["samesite"] == "Lax"
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"


# --- Every kind of response, with DEBUG off (the test settings) ------------------------------------------


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom)]  # for the 500 below (pytest.mark.urls)

PORTAL_CSP = "base-uri 'none'"


def assert_security_headers(response, csp=PORTAL_CSP):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert csp in response["Content-Security-Policy"]


def test_debug_is_off_in_these_tests(settings):
    assert settings.DEBUG is False


def test_csp_base_uri_is_none(page):
    assert _directives(page["Content-Security-Policy"])["base-uri"] == ["'none'"]


def test_static_files_carry_the_security_headers(client, db):
    response = client.get("/static/css/portal.css", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/reference/cpv/lookup/?q=lap%00top", 400, "does not accept"),
        ("/accounts/signup/", 404, "Page not found"),
    ],
)
def test_error_pages_carry_the_security_headers(client, alice, path, status, words):
    client.force_login(alice)
    response = client.get(path, secure=True)
    assert response.status_code == status
    assert words in response.content.decode()
    assert_security_headers(response)


def test_json_carries_the_security_headers(client, alice):
    client.force_login(alice)
    response = client.get("/reference/cpv/?q=laptop&format=json", secure=True)
    assert response.status_code == 200 and response.json()
    assert_security_headers(response)


@pytest.mark.urls(__name__)
def test_server_error_page_carries_the_security_headers(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/", secure=True)
    assert response.status_code == 500
    assert_security_headers(response)


def test_downloads_carry_the_security_headers_and_their_own_sandbox(client, alice):
    from buyersgroup.documents import services
    from tests.documents import files
    from tests.documents.conftest import make_tender

    document = services.attach(
        make_tender(alice), files.upload("spec.pdf", files.pdf_bytes()), doc_type="specification", language="en", by=alice
    )
    client.force_login(alice)
    response = client.get(reverse("documents:download", args=[document.pk]), secure=True)
    assert response.status_code == 200
    assert_security_headers(response, csp="default-src 'none'; sandbox")
