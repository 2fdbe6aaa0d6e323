"""Logging in through the real form in a real browser (SPEC §11 demo accounts)."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from buyersgroup.members.models import Member
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"


def test_demo_member_logs_in_and_is_greeted_by_name(page, live_server, settings):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off
    call_command("seed_demo", stdout=io.StringIO())
    member = Member.objects.get(email="member@example.org")

    login(page, live_server, "member@example.org", DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {member.first_name}")


def test_wrong_password_shows_the_error_and_keeps_the_visitor_out(page, live_server, alice):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill("not-the-password-at-all")
    page.locator("main").get_by_role("button", name="Log in").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # static/js/portal.js moves focus there for screen readers
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
