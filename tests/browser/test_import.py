"""In Chromium: the tender import pages (upload, dry run with errors, dry run without) pass axe-core."""

import csv

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check
from tests.browser.test_tenders import _login_coordinator
from tests.factories import MemberFactory, add_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(tmp_path, rows) -> str:
    path = tmp_path / "tenders.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["organisation", "author email", "title", "summary", "language", "procedure type",
                         "estimated value", "publication date", "criteria"])
        writer.writerows(rows)
    return str(path)


def test_import_pages(page, live_server, language, tmp_path, alice, fedorg):
    coordinator = MemberFactory(email="cora@bosa.fgov.be", organisation=fedorg, role="coordinator")
    secret = add_totp(coordinator)
    _login_coordinator(page, live_server, coordinator, secret)
    page.goto(live_server.url + reverse("members:coordination"))
    page.locator("main a[href='/tenders/import/']").click()
    expect(page.locator("main table tbody tr")).to_have_count(21)  # one per column of the template
    check(page, language, "import-upload")

    page.locator("#id_file").set_input_files(_file(tmp_path, [
        ["Stad Gent", "alice@stad.gent", "Refurbished laptops", "600 laptops.", "nl", "open", "250 000,00",
         "01/03/2024", "CIRC-WARR:award:15"],
        ["Stad Gent", "alice@stad.gent", "Negotiated monitors", "Monitors.", "nl", "negotiated", "twee ton",
         "31/02/2024", "NOPE:award"],
    ]))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("ul.import-errors li")).to_have_count(4)
    expect(page.locator("ul.import-errors li").first).to_contain_text("negotiated")
    check(page, language, "import-check-errors")

    page.goto(live_server.url + reverse("tenders:import"))
    page.locator("#id_file").set_input_files(_file(tmp_path, [
        ["Stad Gent", "alice@stad.gent", "Refurbished laptops", "600 laptops.", "nl", "open", "250 000,00",
         "01/03/2024", "CIRC-WARR:award:15"]]))
    page.locator("main form button[type=submit]").click()
    check(page, language, "import-check-ok")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("1 tender imported as a draft" if language == "en"
                                                  else "1 opdracht geïmporteerd als concept")
