"""Security headers on every page: CSP without inline scripts, nosniff, referrer, framing, COOP."""

import re

import pytest
from django.urls import reverse

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
