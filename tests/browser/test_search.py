"""Search in Chromium: a word found only inside an uploaded PDF, a criterion ticked, the URL and
results updated in place, back, the tender opened — and axe-core on the search pages."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from buyersgroup.documents import services as documents
from tests.browser.conftest import DESKTOP, PHONE, check, login
from tests.browser.test_tenders import _new_page
from tests.documents.files import pdf_pages
from tests.factories import PASSWORD
from buyersgroup.taxonomy.models import Criterion
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tender_with_pdf(author, title, tmp_path, name):
    tender = TenderFactory(author=author, status="published", title=title, summary="ICT equipment.",
                           published_at=timezone.now())
    upload = SimpleUploadedFile(name, pdf_pages("Bestek: draagbare computers", "Batterijvervangingsgarantie van zeven jaar"))
    documents.attach(tender, upload, doc_type="specification", language="nl", by=author)
    return tender


def test_find_a_word_inside_a_pdf_filter_and_go_back(browser, live_server, alice, carol, tmp_path):
    with_criterion = _tender_with_pdf(alice, "Laptops Gent", tmp_path, "bestek-gent.pdf")
    apply_criterion(with_criterion, code="CIRC-WARR")
    _tender_with_pdf(carol, "Laptops BOSA", tmp_path, "cahier-bosa.pdf")

    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.get_by_role("search").get_by_label("Search").fill("batterijvervangingsgarantie")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    results = page.locator("#search-results")
    expect(results.get_by_role("status")).to_have_text("2 results")
    check(page, "en", "search-results")

    page.get_by_role("radio", name="Tenders", exact=True).check()
    expect(page).to_have_url(re.compile(r"kind=tenders"))
    page.get_by_role("checkbox", name=re.compile(r"^CIRC-WARR")).check()
    expect(page).to_have_url(re.compile(r"criterion=\d+"))
    expect(results.get_by_role("status")).to_have_text("1 result")
    expect(results.locator(".snippet")).to_contain_text("In bestek-gent.pdf, page 2:")
    expect(results.locator(".snippet-source a")).to_have_attribute("href", re.compile(r"/tenders/.+#document-\d+$"))
    expect(results.locator(".snippet mark")).to_have_text("Batterijvervangingsgarantie")
    check(page, "en", "search-filtered")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"criterion="))
    expect(results.get_by_role("status")).to_have_text("2 results")

    page.get_by_role("checkbox", name=re.compile(r"^CIRC-WARR")).check()
    expect(results.get_by_role("status")).to_have_text("1 result")
    results.get_by_role("link", name="Laptops Gent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laptops Gent")
    expect(page.get_by_text("bestek-gent.pdf")).to_be_visible()


def test_no_results_page_is_accessible(browser, live_server, alice):
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/search/?q=nothingatallzz")
    expect(page.get_by_role("status")).to_have_text("0 results")
    check(page, "en", "search-empty")


def test_on_a_phone_the_facets_start_closed_and_keep_what_the_reader_opened(browser, live_server, alice, carol,
                                                                              tmp_path):
    with_criterion = _tender_with_pdf(alice, "Laptops Gent", tmp_path, "bestek-gent.pdf")
    apply_criterion(with_criterion, code="CIRC-WARR")
    _tender_with_pdf(carol, "Laptops BOSA", tmp_path, "cahier-bosa.pdf")
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search/?q=batterijvervangingsgarantie&kind=tenders")
    facets = page.locator("#search-facets")
    criterion = page.get_by_role("checkbox", name=re.compile(r"^CIRC-WARR"))
    expect(page.locator("#search-results").get_by_role("status")).to_have_text("2 results")
    # Every facet closed: the results follow the facets' names, not their hundreds of choices.
    expect(facets.locator("details.facet[open]")).to_have_count(0)
    expect(criterion).to_be_hidden()
    check(page, "en", "search-phone-closed")

    facets.locator("summary", has_text=re.compile(r"^Criterion$")).click()
    criterion.check()
    expect(page).to_have_url(re.compile(r"criterion=\d+"))
    expect(page.locator("#search-results").get_by_role("status")).to_have_text("1 result")
    # After the update in place, the facet the reader opened is still open, the others still closed.
    expect(criterion).to_be_visible()
    expect(criterion).to_be_checked()
    expect(facets.locator("details.facet[open]")).to_have_count(1)
    facets.locator("summary", has_text=re.compile(r"^Criterion$")).click()
    expect(criterion).to_be_hidden()

    # Loaded anew (a bookmark), a facet with a ticked choice opens by itself.
    page.reload()
    expect(criterion).to_be_visible()
    expect(facets.locator("details.facet[open]")).to_have_count(1)
    expect(facets.locator("details.facet[open]")).to_have_attribute("data-facet", "criterion")
    check(page, "en", "search-phone-ticked")

    # On a wide screen the filters stand beside the results: every facet open.
    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(facets.locator("details.facet:not([open])")).to_have_count(0)


def test_the_keyboard_skips_the_filters_to_the_results(browser, live_server, alice, carol, tmp_path):
    """Tenders only, the filters are a hundred boxes or so before the results: a link skips them. On a
    phone, where the filters stand above the results, it is always shown; beside them, when reached."""
    _tender_with_pdf(alice, "Laptops Gent", tmp_path, "bestek-gent.pdf")
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search/?q=laptops&kind=tenders")
    skip = page.get_by_role("link", name="Skip the filters to the results")
    box = skip.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # not in sight until reached
    page.get_by_role("radio", name="Practices", exact=True).focus()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["width"] > 100  # in sight once reached
    page.evaluate("window.stillThisPage = true")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#search-results$"))
    # Moving to a place in the page fires popstate, which loads a search gone back to: not this one.
    assert page.evaluate("window.stillThisPage === true")
    page.keyboard.press("Tab")  # the next stop is in the results, not the first filter
    focused = page.evaluate("document.activeElement.closest('#search-results') !== null")
    assert focused, page.evaluate("document.activeElement.outerHTML")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search/?q=laptops&kind=tenders")
    expect(skip).to_be_visible()
    assert skip.bounding_box()["width"] > 100
    skip.click()
    expect(page.locator("#search-results").get_by_role("status")).to_be_in_viewport()


def test_a_tender_filter_survives_a_look_at_both_kinds(browser, live_server, alice, carol, tmp_path):
    """A stage ticked with tenders only, then "Tenders and practices": the page says the stage is not
    used; back to "Tenders", it is ticked and applied again, not lost."""
    _tender_with_pdf(alice, "Laptops Gent", tmp_path, "bestek-gent.pdf")
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/search/?q=batterijvervangingsgarantie&kind=tenders")
    stage = page.locator('#search-facets details[data-facet="stage"] input[type=checkbox]').first
    value = stage.get_attribute("value")
    stage.check()
    expect(page).to_have_url(re.compile(rf"stage={value}"))
    page.get_by_role("radio", name="Tenders and practices").check()
    expect(page).to_have_url(re.compile(r"kind=all"))
    expect(page.locator("#search-results")).to_contain_text(
        "The filter “Stage” was not used: it applies to tenders only. Show only tenders to use it.")
    expect(page.locator('#search-facets details[data-facet="stage"]')).to_have_count(0)
    check(page, "en", "search-unused-filter")
    page.get_by_role("radio", name="Tenders", exact=True).check()
    expect(page).to_have_url(re.compile(rf"kind=tenders.*stage={value}|stage={value}.*kind=tenders"))
    expect(page.locator(f'#search-facets details[data-facet="stage"] input[value="{value}"]')).to_be_checked()
    expect(page.locator("#search-results")).not_to_contain_text("was not used")


def test_twenty_results_take_about_a_screen_and_a_half(browser, live_server, alice):
    """The result list is made for scanning: each row the title with its pillars' marks, then its
    labelled facts on one line, so that 20 results take about a screen and a half, not three."""
    circular, fair = (Criterion.objects.filter(pillar=pillar).first().code for pillar in ("circularity", "fair"))
    for number in range(20):
        tender = TenderFactory(author=alice, status="published", published_at=timezone.now(),
                               title=f"Refurbished laptops for schools, lot {number + 1}", stage="awarded",
                               awarded_value=250000, bids_received=4, publication_date=date(2024, 3, 1))
        apply_criterion(tender, code=circular)
        apply_criterion(tender, code=fair)
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search/?kind=tenders")
    rows = page.locator("ul.result-list > li")
    expect(rows).to_have_count(20)
    first = rows.first
    expect(first.locator(".pillar")).to_have_text(["Circular", "Fair"])
    expect(first.locator(".pillar").first).to_have_attribute("title", "Circularity and life extension")
    expect(first.locator("dl.facts dt")).to_have_text(["Buyer", "Year", "Procedure", "Stage", "Awarded", "Bids"])
    # The pillars beside the title, the facts on one line below them.
    title, marks = first.locator("h3").bounding_box(), first.locator(".pillar-marks").bounding_box()
    assert marks["y"] < title["y"] + title["height"], "the pillars' marks are on a line of their own"
    tops = first.locator("dl.facts > div").evaluate_all("facts => facts.map(f => f.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, f"the facts take {len(set(tops))} lines"
    height = page.locator("ul.result-list").bounding_box()["height"]
    assert height <= 1.5 * DESKTOP["height"], f"20 results take {height / DESKTOP['height']:.2f} screens"
    check(page, "en", "search-twenty-rows")


def test_pick_a_cpv_code_from_its_hierarchy_in_place(browser, live_server, alice):
    """The CPV codes to pick from, with JavaScript: a division, then a narrower code, each updating the
    results and the URL in place, the focus back on the codes; back returns to the division."""
    for title, code in (("Laptops Gent", "30213100"), ("Servers Gent", "48820000")):
        TenderFactory(author=alice, status="published", published_at=timezone.now(), title=title, main_cpv_id=code)
    page = _new_page(browser, live_server)
    login(page, live_server, alice.email, PASSWORD)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search/?kind=tenders")
    status = page.locator("#search-results").get_by_role("status")
    expect(status).to_have_text("2 results")
    tree = page.locator("#search-facets details.cpv-tree")
    tree.locator("summary").click()
    page.evaluate("window.stillThisPage = true")
    tree.get_by_role("link", name=re.compile(r"^30000000 Office and computing machinery")).click()
    expect(page).to_have_url(re.compile(r"cpv=30000000"))
    expect(status).to_have_text("1 result")
    expect(page.locator("#search-results").get_by_role("link", name="Laptops Gent")).to_be_visible()
    expect(page.get_by_label("CPV code")).to_have_value("30000000")
    expect(tree.locator("summary")).to_be_focused()
    expect(tree.locator("strong[aria-current]")).to_have_text(re.compile(r"^30000000 "))
    # Each narrower code with the number of tenders found it gives.
    expect(tree.locator("li").filter(has_text="30200000")).to_have_text(re.compile(r"^30200000 Computer .* \(1\)$"))
    check(page, "en", "search-cpv-tree")

    tree.get_by_role("link", name="30200000 Computer equipment and supplies").click()
    expect(page).to_have_url(re.compile(r"cpv=30200000"))
    expect(tree.get_by_role("link", name=re.compile(r"^30000000 "))).to_be_visible()  # broader, one click up
    expect(status).to_have_text("1 result")
    assert page.evaluate("window.stillThisPage === true")  # updated in place, not loaded again

    page.go_back()
    expect(page).to_have_url(re.compile(r"cpv=30000000$"))
    expect(page.get_by_label("CPV code")).to_have_value("30000000")
