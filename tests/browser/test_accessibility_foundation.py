"""Every page of the foundation passes axe-core's WCAG 2.1 A and AA rules, in English and Dutch.

English is checked on a desktop screen, Dutch on a phone screen, so both widths are covered.
Each check also saves a screenshot in /tmp/screenshots/ for people to look at.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from buyersgroup.members.models import Invitation
from tests.browser.conftest import axe_check, check, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "landing": "/",
    "login": "/accounts/login/",
    "request-access": "/members/request-access/",
    "password-reset": "/accounts/password/reset/",
    "accessibility-statement": "/accessibility/",
    "privacy-notice": "/privacy/",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page(page, live_server, language, name):
    page.goto(live_server.url + PUBLIC_PAGES[name])

    check(page, language, name)


def test_login_form_with_errors(page, live_server, language, alice):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(alice.email)
    page.locator("#id_password").fill("not-the-password-at-all")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()

    check(page, language, "login-errors")


def test_request_access_with_errors(page, live_server, language):
    page.goto(f"{live_server.url}/members/request-access/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()

    check(page, language, "request-access-errors")


def test_invitation_acceptance(page, live_server, language, gent, cora):
    _, token = Invitation.issue(email="nora@stad.gent", organisation=gent, invited_by=cora)
    page.goto(f"{live_server.url}/members/invitation/{token}/")
    expect(page.locator("main form #id_password1")).to_be_visible()
    check(page, language, "invitation")

    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page, language, "invitation-errors")


@pytest.mark.parametrize("name, url_name", [("profile", "members:profile"), ("directory", "members:directory")])
def test_member_page(page, live_server, language, alice, bob, carol, name, url_name):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse(url_name))
    expect(page).to_have_url(live_server.url + reverse(url_name))  # not sent to the login page

    check(page, language, name)


def test_two_factor_setup(page, live_server, language, alice):
    """allauth asks for the password again before a security change, then shows the set-up."""
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("mfa_activate_totp"))
    expect(page).to_have_url(f"{live_server.url}/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    check(page, language, "reauthenticate")

    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("mfa_activate_totp"))
    expect(page.locator("main img")).to_be_visible()  # the QR code to scan
    check(page, language, "two-factor-setup")


def test_home_page(page, live_server, language, alice):
    login(page, live_server, alice.email, PASSWORD)

    check(page, language, "home")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # visible when focused, hidden otherwise

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_axe_check_catches_a_violation_under_our_content_security_policy(page, live_server):
    """Guards the guard: axe really runs on our pages (the strict CSP does not stop it) and fails loudly."""
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text id=unlabelled>')")

    with pytest.raises(AssertionError) as failure:
        axe_check(page)

    assert "- label (critical): Form elements must have labels" in str(failure.value)
    assert "#unlabelled" in str(failure.value)
