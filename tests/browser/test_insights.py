"""Insights in Chromium: the figures with their charts pass axe-core on a desktop (English) and a
phone (Dutch) without sideways scrolling; filtering works without JavaScript's help; the print
version (the A4 report) hides the navigation and the filters and keeps every table."""

import re

import pytest
from playwright.sync_api import expect

from buyersgroup.insights.figures import FIGURES
from tests.browser.conftest import SCREENSHOTS, check, login
from tests.factories import PASSWORD
from tests.insights.conftest import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_insights_page_with_charts(page, live_server, language, alice, carol):
    make_world(alice, carol)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + "/insights/")
    expect(page.locator("section.figure table")).to_have_count(len(FIGURES))
    expect(page.locator("section.figure svg.chart").first).to_be_visible()
    expect(page.locator("#print-report")).to_be_visible()  # shown by insights.js
    check(page, language, "insights")


def test_filter_and_print_the_report(page, live_server, alice, carol):
    make_world(alice, carol)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + "/insights/")
    page.locator("summary", has_text="Region").click()
    page.get_by_role("checkbox", name="Flanders").check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"region=flanders"))
    expect(page.locator(".report-filters")).to_have_text("Region: Flanders")
    expect(page.locator("#tenders-per-year .figure-basis")).to_have_text("Based on 6 tenders.")

    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("#print-report")).to_be_hidden()
    expect(page.locator("h1")).to_have_text("Insights")
    expect(page.locator(".report-filters")).to_be_visible()
    expect(page.locator("section.figure table").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=SCREENSHOTS / "insights-report.pdf", format="A4")
