"""Practices in Chromium: a model clause written, previewed, sent back, fixed, published and linked
from its tender — and axe-core on every practice page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from practices.models import Practice
from tests.browser.conftest import check, login
from tests.browser.test_tenders import _login_coordinator, _new_page
from tests.factories import PASSWORD, MemberFactory, add_totp
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAUSE = """## Take-back

The contractor **takes back** every device at the end of its use and wipes its data.

- a certificate per serial number
- a report every year
"""


def test_the_story_of_a_model_clause(browser, live_server, alice, carol, fedorg):
    tender = TenderFactory(author=carol, status="published", title="Refurbished laptops for BOSA",
                           published_at=timezone.now())
    coordinator = MemberFactory(email="cora@bosa.fgov.be", first_name="Cora", organisation=fedorg, role="coordinator")
    secret = add_totp(coordinator)

    a = _new_page(browser, live_server)
    login(a, live_server, alice.email, PASSWORD)
    a.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    a.get_by_role("link", name="New practice").click()
    a.get_by_label("Title").fill("Take-back clause for laptops")
    a.get_by_label("Type").select_option("model_clause")
    a.get_by_label("Summary").fill("A clause that makes the supplier take back and wipe the old laptops.")
    a.get_by_label("Text", exact=True).fill(CLAUSE)
    # Related tender: type part of its title, pick the server's suggestion.
    search = a.get_by_label("Find a published tender")
    search.press_sequentially("Refurbished lap", delay=30)
    expect(a.locator("#tender-suggestions option")).to_have_count(1)
    search.fill(f"Refurbished laptops for BOSA (#{tender.pk})")
    search.dispatch_event("input")
    expect(a.get_by_label("Related tenders")).to_have_value(f"Refurbished laptops for BOSA (#{tender.pk})")
    a.get_by_role("button", name="Preview").first.click()
    preview = a.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("takes back")
    assert not Practice.objects.exists()
    a.get_by_role("button", name="Save draft").click()
    # A new draft leads to adding its documents; none here, back to the practice.
    expect(a.get_by_role("heading", level=1)).to_have_text("Add a document")
    a.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Take-back clause for laptops").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("Take-back clause for laptops")
    a.get_by_role("button", name="Submit for review").click()

    c = _new_page(browser, live_server)
    _login_coordinator(c, live_server, coordinator, secret)
    c.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    c.get_by_role("link", name="Take-back clause for laptops").click()
    c.get_by_role("radio", name="Request changes").check()
    c.get_by_label("Comment for the author").fill("Say how long the data-wiping certificates are kept.")
    c.get_by_role("button", name="Send decision").click()

    a.goto(live_server.url + reverse("home"))
    a.get_by_role("region", name="Needs your action").get_by_role("link", name="Take-back clause for laptops").click()
    expect(a.get_by_role("region", name="A coordinator asked for changes")).to_contain_text(
        "Say how long the data-wiping certificates are kept."
    )
    a.get_by_role("button", name="Edit").click()
    a.get_by_label("Text", exact=True).fill(CLAUSE + "- certificates kept for ten years\n")
    a.get_by_role("button", name="Save draft").click()
    a.get_by_role("button", name="Submit for review").click()

    c.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    c.get_by_role("link", name="Take-back clause for laptops").click()
    c.get_by_role("radio", name="Publish").check()
    c.get_by_role("button", name="Send decision").click()
    expect(c.get_by_text("Published. Every member can now see it.")).to_be_visible()

    # The tender's page now shows it; another member reads it and copies the clause as text.
    b = _new_page(browser, live_server)
    login(b, live_server, carol.email, PASSWORD)
    b.goto(live_server.url + tender.get_absolute_url())
    lessons = b.get_by_role("region", name="Lessons learned from this tender")
    lessons.get_by_role("link", name="Take-back clause for laptops").click()
    expect(b.get_by_text("certificates kept for ten years")).to_be_visible()
    with b.expect_download() as download_info:
        b.get_by_role("link", name="Download as plain text").click()
    assert "takes back" in open(download_info.value.path(), encoding="utf-8").read()
    for person in (a, b, c):
        person.context.close()


def test_practice_pages(page, live_server, language, alice, carol):
    published = PracticeFactory(author=alice, status="published", practice_type="report", title="Annual report 2025",
                                recommendations="1. Ask for spare parts\n2. Monitor the contract",
                                body=CLAUSE + "\n| Year | Devices |\n|---|---|\n| 2025 | 1200 |\n\n> A quote.",
                                devices_reused=1200, co2e_avoided_tonnes=84)
    clause = PracticeFactory(author=alice, status="published", practice_type="model_clause", body=CLAUSE)
    TenderFactory(author=carol, status="published", title="Servers for BOSA")
    PracticeFactory(author=carol, status="published", title="What BOSA learned about servers")
    login(page, live_server, alice.email, PASSWORD)
    for name, path in {
        "practice-list": reverse("practices:list"),
        "practice-report": published.get_absolute_url(),
        "practice-clause": clause.get_absolute_url(),
        "practice-form": reverse("practices:create"),
        "home-with-latest": reverse("home"),
        "criterion-page": reverse("taxonomy:criterion", args=["EOL-TAKEBACK"]),
        "member-page-with-shared-entries": reverse("members:detail", args=[carol.pk]),
    }.items():
        page.goto(live_server.url + path)
        check(page, language, name)

    page.goto(live_server.url + reverse("practices:create"))
    page.locator("#id_body").fill(CLAUSE)
    page.locator("button[name=preview]").first.click()
    expect(page.locator("#preview")).to_be_visible()
    check(page, language, "practice-preview")
    page.locator("#id_devices_reused").fill("-1")
    page.locator("#id_title").fill("")
    page.locator("main form.practice-form .actions button.primary").click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page, language, "practice-form-errors")
