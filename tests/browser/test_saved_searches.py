"""Saved searches in Chromium: save the current search, find it on the home page, change it — axe-core on each page."""

import pytest
from playwright.sync_api import expect

from buyersgroup.search.models import SavedSearch
from tests.browser.conftest import check, login
from tests.browser.test_tenders import _new_page
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_save_a_search_and_change_it(browser, live_server, alice):
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/search/?q=laptops&kind=tenders")
    page.get_by_label("Name of this search").fill("Laptops")
    page.get_by_label("E-mail me new results").select_option("weekly")
    page.get_by_role("button", name="Save this search").click()
    expect(page.get_by_text("Search “Laptops” saved.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/search/?q=laptops&kind=tenders")

    page.goto(f"{live_server.url}/")
    saved = page.get_by_role("region", name="Your saved searches")
    expect(saved.get_by_role("link", name="Laptops", exact=True)).to_be_visible()
    saved.get_by_role("link", name="Change “Laptops”").click()
    check(page, "en", "saved-search-edit")
    page.get_by_label("Name of this search").fill("Refurbished laptops")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Refurbished laptops", exact=True)).to_be_visible()
    # a saved search whose filter no longer takes its value (digests._pause) says so in the list
    SavedSearch.objects.create(member=alice, name="Withdrawn category", query="category=999", frequency="daily",
                               paused_filters=["category"])
    page.reload()
    expect(page.get_by_text("E-mails paused: the filter “Product category” no longer takes the value saved.")).to_be_visible()
    check(page, "en", "saved-search-list")
    page.get_by_role("link", name="Delete “Refurbished laptops”").click()
    check(page, "en", "saved-search-delete")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("Saved search “Refurbished laptops” deleted.")).to_be_visible()
