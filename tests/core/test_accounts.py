"""Account pages (django-allauth with our templates), driven through the real forms.

Log in and out, "Remember me", password reset without revealing who has an account,
change of password and of e-mail address, closed sign-up, sessions — and every page
in the portal layout, with SPEC §13 words, labelled fields and no inline script or style.
"""

import re

import lxml.html
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, MemberFactory

NEW_PASSWORD = "a fresh passphrase for the autumn"


def log_in(client, email, password=PASSWORD, remember=False, **extra):
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post(reverse("account_login"), data, **extra)


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def main_text(response) -> str:
    """What a visitor reads in the main area, whitespace folded."""
    return " ".join(page(response).xpath("//main")[0].text_content().split())


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def link_in_last_mail(pattern: str) -> str:
    """The path of the first link in the last e-mail that matches ``pattern``."""
    return re.search(rf"https?://[^/\s]+({pattern})", mail.outbox[-1].body).group(1)


def assert_portal_page(response):
    """Our layout and rules: one h1, §13 words, labelled controls, no inline script or style."""
    doc = page(response)
    assert doc.xpath("//a[@class='skip-link']"), "not in the portal layout"
    assert len(doc.xpath("//h1")) == 1
    assert not doc.xpath("//*[@style]"), "inline style attribute"
    assert not doc.xpath("//script[not(@src)]"), "inline script"
    assert not re.search(r"\bsign[ -]?(in|out)\b", main_text(response), re.I), "§13: Log in / Log out"
    controls = doc.xpath(
        "//main//input[not(@type='hidden' or @type='submit' or @type='button')] | //main//select | //main//textarea"
    )
    for control in controls:
        control_id = control.get("id")
        assert control_id and doc.xpath(f"//label[@for='{control_id}']"), f"no label for {lxml.html.tostring(control)}"
        for described_by in (control.get("aria-describedby") or "").split():
            assert doc.xpath(f"//*[@id='{described_by}']"), f"aria-describedby points to missing #{described_by}"
    return doc


# --- Log in ---------------------------------------------------------------------------------------


def test_login_page_asks_for_email_and_password(client, db):
    doc = assert_portal_page(client.get(reverse("account_login")))
    labels = [" ".join(label.text_content().split()) for label in doc.xpath("//main//label")]
    assert labels == ["Email *", "Password *", "Remember me on this device"]
    assert doc.xpath(f"//main//a[@href='{reverse('account_reset_password')}']"), "link to reset the password"
    assert doc.xpath(f"//main//a[@href='{reverse('members:request_access')}']")


def test_member_logs_in_with_email_and_password(client, alice):
    response = log_in(client, "alice@stad.gent", follow=True)
    assert "Welcome, Alice" in main_text(response)
    assert is_logged_in(client)


def test_login_ignores_the_case_of_the_address(client, alice):
    log_in(client, "Alice@Stad.Gent")
    assert is_logged_in(client)


def test_wrong_password_is_refused_with_an_error_summary_linked_to_the_form(client, alice):
    response = log_in(client, "alice@stad.gent", "not-the-password-at-all")
    doc = assert_portal_page(response)
    assert not is_logged_in(client)
    summary = doc.xpath("//form[@aria-describedby='error-summary']//div[@id='error-summary'][@role='alert']")
    assert summary, "the error summary opens the form and describes it"
    assert "The email address and/or password you specified are not correct." in summary[0].text_content()
    assert doc.xpath("//input[@name='login']/@value") == ["alice@stad.gent"], "the address is kept"


def test_empty_fields_are_reported_next_to_each_field(client, db):
    doc = assert_portal_page(log_in(client, "", ""))
    for name in ("login", "password"):
        field = doc.xpath(f"//input[@name='{name}']")[0]
        assert field.get("aria-invalid") == "true"
        assert f"id_{name}_error" in field.get("aria-describedby").split()
        assert doc.xpath(f"//*[@id='id_{name}_error']")[0].text_content() == "This field is required."
    summary_links = doc.xpath("//div[@id='error-summary']//a/@href")
    assert summary_links == ["#id_login", "#id_password"]


def test_without_remember_me_the_session_ends_when_the_browser_closes(client, alice):
    log_in(client, alice.email)
    assert client.session.get_expire_at_browser_close() is True


def test_with_remember_me_the_session_outlives_the_browser(client, alice):
    log_in(client, alice.email, remember=True)
    assert client.session.get_expire_at_browser_close() is False


def test_unverified_address_gets_a_verification_mail_instead_of_a_session(client, db):
    member = MemberFactory(email="new@stad.gent")
    EmailAddress.objects.filter(user=member).update(verified=False)
    response = log_in(client, "new@stad.gent", follow=True)
    assert "Check your e-mail" in main_text(response)
    assert not is_logged_in(client)
    assert mail.outbox[-1].to == ["new@stad.gent"]


# --- Log out ----------------------------------------------------------------------------------------


def test_logout_by_get_only_asks_for_confirmation(client, alice):
    client.force_login(alice)
    doc = assert_portal_page(client.get(reverse("account_logout")))
    assert is_logged_in(client)
    form = doc.xpath(f"//main//form[@method='post'][@action='{reverse('account_logout')}']")[0]
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert form.xpath(".//button[@type='submit']")[0].text_content().strip() == "Log out"


def test_logout_by_post_ends_the_session(client, alice):
    log_in(client, alice.email)
    response = client.post(reverse("account_logout"), follow=True)
    assert not is_logged_in(client)
    assert "You have logged out." in main_text(response)
    assert client.get(reverse("members:directory")).status_code == 302


# --- Sign-up is closed --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_there_is_no_signup_page(client, db, method):
    """Membership is by invitation or request (SPEC §7): the sign-up address does not exist."""
    response = getattr(client, method)("/accounts/signup/", {"email": "x@example.be", "password1": "p" * 14})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Membership is by invitation" not in response.content.decode()


def test_signup_link_is_nowhere_on_the_login_page(client, db):
    assert "/accounts/signup/" not in client.get(reverse("account_login")).content.decode()


# --- Password reset -----------------------------------------------------------------------------------


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, alice):
    known = client.post(reverse("account_reset_password"), {"email": "alice@stad.gent"}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@stad.gent"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert main_text(known) == main_text(unknown)
    assert "If the address you entered belongs to an account" in main_text(known)
    assert [message.to for message in mail.outbox] == [["alice@stad.gent"]]


def test_reset_link_lets_the_member_choose_a_new_password(client, alice):
    assert_portal_page(client.get(reverse("account_reset_password")))
    client.post(reverse("account_reset_password"), {"email": alice.email})
    form_page = client.get(link_in_last_mail(r"/accounts/password/reset/key/\S+/"), follow=True)
    assert_portal_page(form_page)
    form_url = form_page.redirect_chain[-1][0]

    too_short = client.post(form_url, {"password1": "short-pw", "password2": "short-pw"})
    doc = assert_portal_page(too_short)
    assert "This password is too short. It must contain at least 12 characters." in (
        doc.xpath("//*[@id='id_password1_error']")[0].text_content()
    )
    assert "id_password1_error" in doc.xpath("//input[@name='password1']/@aria-describedby")[0]

    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "Your password is now changed." in main_text(done)
    log_in(client, alice.email, NEW_PASSWORD)
    assert is_logged_in(client)


def test_a_reset_link_works_once(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    link = link_in_last_mail(r"/accounts/password/reset/key/\S+/")
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "This link no longer works" in main_text(again)


# --- Change of password ---------------------------------------------------------------------------------


def test_member_changes_the_password(client, alice):
    log_in(client, alice.email)
    doc = assert_portal_page(client.get(reverse("account_change_password")))
    labels = [" ".join(label.text_content().split()) for label in doc.xpath("//main//form//label")]
    assert labels == ["Current password *", "New password *", "New password (again) *"]
    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert "Please type your current password." in main_text(wrong)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


# --- Change of e-mail address ---------------------------------------------------------------------------


def test_change_of_email_address_takes_effect_once_confirmed(client, alice):
    log_in(client, alice.email)
    assert_portal_page(client.get(reverse("account_email")))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "alice.aerts@stad.gent"}, follow=True)
    assert_portal_page(response)
    assert "Changing to alice.aerts@stad.gent" in main_text(response)
    assert mail.outbox[-1].to == ["alice.aerts@stad.gent"]
    too_early = Client()
    log_in(too_early, "alice.aerts@stad.gent")
    assert not is_logged_in(too_early), "an unconfirmed address does not log in"

    confirm_page = client.get(link_in_last_mail(r"/accounts/confirm-email/\S+/"))
    doc = assert_portal_page(confirm_page)
    action = doc.xpath("//main//form[@method='post']/@action")[0]
    client.post(action)

    address = EmailAddress.objects.get(user=alice)
    assert (address.email, address.verified, address.primary) == ("alice.aerts@stad.gent", True, True)
    alice.refresh_from_db()
    assert alice.email == "alice.aerts@stad.gent"
    new_login, old_login = Client(), Client()
    log_in(new_login, "alice.aerts@stad.gent")
    log_in(old_login, "alice@stad.gent")
    assert is_logged_in(new_login)
    assert not is_logged_in(old_login)


def test_pending_change_can_be_sent_again_or_cancelled(client, alice):
    log_in(client, alice.email)
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.aerts@stad.gent"})
    client.post(reverse("account_email"), {"action_send": "", "email": "alice.aerts@stad.gent"})
    assert [message.to for message in mail.outbox] == [["alice.aerts@stad.gent"]] * 2
    client.post(reverse("account_email"), {"action_remove": "", "email": "alice.aerts@stad.gent"})
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", flat=True)) == ["alice@stad.gent"]


def test_invalid_new_address_is_reported_on_the_field(client, alice):
    log_in(client, alice.email)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not an address"})
    doc = assert_portal_page(response)
    assert doc.xpath("//div[@id='error-summary']//a[@href='#id_email']")
    assert doc.xpath("//*[@id='id_email_error']")[0].text_content() == "Enter a valid email address."


def test_expired_confirmation_link_explains_what_to_do(client, db):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert_portal_page(response)
    assert "This confirmation link has expired or is not valid." in main_text(response)


@pytest.fixture
def several_addresses(settings, monkeypatch):
    """allauth's multi-address page, shown when ACCOUNT_CHANGE_EMAIL is off."""
    from allauth.account.views import EmailView

    settings.ACCOUNT_CHANGE_EMAIL = False
    monkeypatch.setattr(EmailView, "template_name", "account/email.html")


def test_several_addresses_make_primary_and_remove(client, alice, several_addresses):
    EmailAddress.objects.create(user=alice, email="a.aerts@stad.gent", verified=True, primary=False)
    log_in(client, alice.email)
    doc = assert_portal_page(client.get(reverse("account_email")))
    assert doc.xpath("//main//fieldset/legend")[0].text_content() == "Choose an address"
    assert len(doc.xpath("//main//fieldset//input[@type='radio'][@name='email']")) == 2

    client.post(reverse("account_email"), {"action_primary": "", "email": "a.aerts@stad.gent"})
    client.post(reverse("account_email"), {"action_remove": "", "email": "alice@stad.gent"})
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", "primary")) == [("a.aerts@stad.gent", True)]
    old_login = Client()
    log_in(old_login, "alice@stad.gent")
    assert not is_logged_in(old_login)


# --- Sessions -----------------------------------------------------------------------------------------------


def test_member_logs_out_of_the_other_sessions(client, alice):
    other_browser = Client()
    log_in(other_browser, alice.email)
    log_in(client, alice.email)
    doc = assert_portal_page(client.get(reverse("usersessions_list")))
    assert len(doc.xpath("//main//ul[@class='session-list']/li")) == 2
    response = client.post(reverse("usersessions_list"), follow=True)
    assert "You have logged out of all other sessions." in main_text(response)
    assert is_logged_in(client)
    assert other_browser.get(reverse("members:directory")).status_code == 302


# --- Every account page --------------------------------------------------------------------------------------

VISITOR_PAGES = [
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_inactive",
    "account_email_verification_sent",
]
MEMBER_PAGES = ["account_logout", "account_email", "account_change_password", "account_reauthenticate", "usersessions_list"]


@pytest.mark.parametrize("url_name", VISITOR_PAGES)
def test_visitor_pages_follow_the_portal_rules(client, db, url_name):
    assert_portal_page(client.get(reverse(url_name)))


@pytest.mark.parametrize("url_name", MEMBER_PAGES)
def test_member_pages_follow_the_portal_rules(client, alice, url_name):
    client.force_login(alice)
    assert_portal_page(client.get(reverse(url_name)))


def test_set_password_page_for_a_member_without_one(client, db):
    member = MemberFactory(email="nopassword@stad.gent", password="!")
    client.force_login(member)
    doc = assert_portal_page(client.get(reverse("account_set_password")))
    assert [" ".join(label.text_content().split()) for label in doc.xpath("//main//form//label")] == [
        "Password *",
        "Password (again) *",
    ]
    client.post(reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_allauth_templates_we_keep_get_our_fields_and_error_summary(rf, db):
    """allauth's own page templates (here: log-in by code, off today) render through our elements."""
    from allauth.account.forms import RequestLoginCodeForm
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get(reverse("account_login"))
    request.user = AnonymousUser()
    form = RequestLoginCodeForm(data={"email": "not an address"})
    form.is_valid()
    doc = lxml.html.fromstring(render_to_string("account/request_login_code.html", {"form": form}, request=request))

    assert doc.xpath("//form[@aria-describedby='error-summary']/div[@id='error-summary']//a[@href='#id_email']")
    assert doc.xpath("//label[@for='id_email']")
    assert doc.xpath("//input[@id='id_email']/@aria-describedby") == ["id_email_error"]
    assert doc.xpath("//*[@id='id_email_error']")[0].text_content() == "Enter a valid email address."
    assert doc.xpath("//main//form//button[@type='submit']/@class") == ["button primary"]
    assert not doc.xpath("//*[@style]")
