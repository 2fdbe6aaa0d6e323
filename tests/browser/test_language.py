"""The language switcher in the header works in a browser and the choice is remembered (SPEC §10).

The Dutch texts are not translated yet, so these tests look at `<html lang>`, at the switcher's
current language and at the cookie, never at Dutch words.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LANGUAGE_COOKIE, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switcher_button(page: Page, code: str):
    return page.locator(f".language-switcher button[value='{code}']")


def language_cookie(page: Page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == LANGUAGE_COOKIE), None)


def test_first_visit_is_in_english(page, live_server):
    page.goto(f"{live_server.url}/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switcher_button(page, "en")).to_have_attribute("aria-current", "true")
    assert language_cookie(page) is None


def test_choosing_dutch_stays_on_the_page_and_is_remembered_on_the_next(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    switcher_button(page, "nl").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))  # back where the visitor was
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(switcher_button(page, "nl")).to_have_attribute("aria-current", "true")
    expect(switcher_button(page, "en")).not_to_have_attribute("aria-current", "true")
    assert language_cookie(page) == "nl"

    page.locator("footer a[href='/accessibility/']").click()  # the next page, reached by a link
    expect(page).to_have_url(re.compile(r"/accessibility/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_the_switcher_works_from_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}/")

    switcher_button(page, "fr").focus()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert language_cookie(page) == "fr"


def test_the_choice_survives_logging_in_and_can_be_undone(page, live_server, alice):
    page.goto(f"{live_server.url}/")
    switcher_button(page, "nl").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    login(page, live_server, alice.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    switcher_button(page, "en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/members/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert language_cookie(page) == "en"


@pytest.mark.parametrize("path", ["/", "/tenders/", "/search/?q=laptops"])
def test_the_header_fits_a_small_phone_in_french(page, live_server, alice, path):
    """French has the longest words of the header ("Rechercher" as the label and on the button):
    on a 375 px phone the search field gives way instead of the page scrolling sideways."""
    login(page, live_server, alice.email, PASSWORD)
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "fr", "url": live_server.url}])
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto(f"{live_server.url}{path}")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".header-search button")).to_have_text("Rechercher")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the 375px screen"
    box = page.locator("#header-search-q").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
