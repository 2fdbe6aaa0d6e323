"""Two-factor authentication (TOTP and recovery codes), driven through allauth's pages.

A member sets up an authenticator app from the page (QR code and the secret as text),
gets recovery codes, and from then on logging in asks for a code.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from tests.core.test_accounts import assert_portal_page, is_logged_in, log_in, main_text
from tests.factories import PASSWORD, add_totp


@pytest.fixture(autouse=True)
def _one_step_of_clock_drift(settings):
    """A code computed just before a 30-second boundary still counts when it is posted."""
    settings.MFA_TOTP_TOLERANCE = 1


def totp_code(secret: str, steps: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps))


def wrong_code(secret: str) -> str:
    """A six-digit code that no time step near now accepts."""
    accepted = {totp_code(secret, steps) for steps in range(-2, 3)}
    return next(code for code in (f"{n:06d}" for n in range(1, 10)) if code not in accepted)


def recovery_codes_on(response) -> list[str]:
    return assert_portal_page(response).xpath("//textarea[@id='recovery_codes']")[0].text_content().split()


def test_member_sets_up_an_authenticator_app(client, alice):
    log_in(client, alice.email)
    to_reauthenticate = client.get(reverse("mfa_activate_totp"), follow=True)
    assert_portal_page(to_reauthenticate)
    assert "Confirm it is you" in main_text(to_reauthenticate)
    setup = client.post(
        reverse("account_reauthenticate"),
        {"password": PASSWORD, "next": reverse("mfa_activate_totp")},
        follow=True,
    )

    doc = assert_portal_page(setup)
    secret = doc.xpath("//code[@id='totp-secret']")[0].text_content()
    assert secret == client.session[SECRET_SESSION_KEY]
    qr = doc.xpath("//main//img")[0]
    assert qr.get("src").startswith("data:image/svg+xml;base64,")
    assert qr.get("alt") == "QR code for your authenticator app"
    code_field = doc.xpath("//main//input[@name='code']")[0]
    assert doc.xpath(f"//label[@for='{code_field.get('id')}']")[0].text_content().startswith("Code from the app")

    refused = client.post(reverse("mfa_activate_totp"), {"code": wrong_code(secret)})
    assert "Incorrect code." in main_text(refused)
    assert not Authenticator.objects.filter(user=alice).exists()

    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert activated.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(activated.url)
    assert len(recovery_codes_on(codes_page)) == 10
    assert set(Authenticator.objects.filter(user=alice).values_list("type", flat=True)) == {"totp", "recovery_codes"}


@pytest.fixture
def alice_secret(alice):
    return add_totp(alice)


def test_login_asks_for_the_code_after_the_password(client, alice, alice_secret):
    response = log_in(client, alice.email, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    doc = assert_portal_page(response)
    assert doc.xpath("//main//label[@for='id_code']")[0].text_content().startswith("Authenticator code or recovery code")
    assert not is_logged_in(client)

    refused = client.post(reverse("mfa_authenticate"), {"code": wrong_code(alice_secret)})
    doc = assert_portal_page(refused)
    assert "Incorrect code." in doc.xpath("//div[@id='error-summary']")[0].text_content()
    assert not is_logged_in(client)

    home = client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_secret)}, follow=True)
    assert "Welcome, Alice" in main_text(home)
    assert is_logged_in(client)


def test_a_recovery_code_logs_in_once(client, alice, alice_secret):
    recovery_code = Authenticator.objects.get(user=alice, type="recovery_codes").wrap().get_unused_codes()[0]
    log_in(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert is_logged_in(client)

    again = Client()
    log_in(again, alice.email)
    refused = again.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert "Incorrect code." in main_text(refused)
    assert not is_logged_in(again)


def test_cancel_at_the_code_step_goes_back_to_log_in(client, alice, alice_secret):
    doc = assert_portal_page(log_in(client, alice.email, follow=True))
    cancel = doc.xpath("//main//button[@form='logout-from-stage']")[0]
    assert cancel.text_content().strip() == "Cancel"
    form = doc.xpath("//form[@id='logout-from-stage']")[0]
    response = client.post(form.get("action"), {"next": form.xpath(".//input[@name='next']/@value")[0]})
    assert response.url == reverse("account_login")
    assert client.get(reverse("mfa_authenticate")).url.startswith(reverse("account_login"))


def test_two_factor_overview_shows_what_is_active(client, alice, alice_secret):
    client.force_login(alice)
    doc = assert_portal_page(client.get(reverse("mfa_index")))
    assert [h2.text_content() for h2 in doc.xpath("//main//section/h2")] == ["Authenticator app", "Recovery codes"]
    assert "Authentication using an authenticator app is active." in main_text(client.get(reverse("mfa_index")))
    hrefs = doc.xpath("//main//section//a/@href")
    assert hrefs == [
        reverse("mfa_deactivate_totp"),
        reverse("mfa_view_recovery_codes"),
        reverse("mfa_download_recovery_codes"),
        reverse("mfa_generate_recovery_codes"),
    ]


def test_member_without_two_factor_is_offered_the_set_up(client, alice):
    client.force_login(alice)
    doc = assert_portal_page(client.get(reverse("mfa_index")))
    assert doc.xpath("//main//section//a/@href") == [reverse("mfa_activate_totp")]


def test_recovery_codes_can_be_viewed_downloaded_and_renewed(client, alice, alice_secret):
    log_in(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_secret)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # codes are shown after a fresh check
    codes = recovery_codes_on(client.get(reverse("mfa_view_recovery_codes")))
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    assert download.content.decode().split() == codes

    confirm = assert_portal_page(client.get(reverse("mfa_generate_recovery_codes")))
    assert confirm.xpath("//main//form//button[@type='submit']/@class") == ["button danger"]
    renewed = client.post(reverse("mfa_generate_recovery_codes"), follow=True)
    new_codes = recovery_codes_on(renewed)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(codes)


def test_reauthentication_with_an_authenticator_code(client, alice, alice_secret):
    log_in(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_secret)})
    choice = client.get(reverse("mfa_deactivate_totp"), follow=True)
    doc = assert_portal_page(choice)
    assert reverse("mfa_reauthenticate") in " ".join(doc.xpath("//main//a/@href")), "the app is an alternative"
    code_page = client.get(reverse("mfa_reauthenticate"), {"next": reverse("mfa_deactivate_totp")})
    assert_portal_page(code_page)
    # The code used at login is spent: the next time step's code is the one the app shows by now.
    confirm = client.post(
        reverse("mfa_reauthenticate"),
        {"code": totp_code(alice_secret, 1), "next": reverse("mfa_deactivate_totp")},
        follow=True,
    )
    assert "Deactivate the authenticator app" in main_text(confirm)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=alice, type="totp").exists()
