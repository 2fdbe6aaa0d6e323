"""In Chromium: the sessions and coordination pages pass axe-core; "Download all" gives the original
files; a form with unsaved changes warns before the page is left."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from buyersgroup.documents import services as documents
from tests.browser.conftest import check, login
from tests.browser.test_tenders import _login_coordinator
from tests.documents import files
from tests.factories import PASSWORD, MemberFactory, add_totp
from tests.tenders.factories import TenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sessions_page(page, live_server, language, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("usersessions_list"))
    expect(page.locator("main .session-list li")).to_have_count(1)
    expect(page.locator("main .session-list li")).to_contain_text("Chrome on Linux" if language == "en" else "Chrome op Linux")
    check(page, language, "sessions")


def test_coordination_page(page, live_server, language, fedorg):
    coordinator = MemberFactory(email="cora@bosa.fgov.be", organisation=fedorg, role="coordinator")
    secret = add_totp(coordinator)
    _login_coordinator(page, live_server, coordinator, secret)
    page.goto(live_server.url + reverse("members:coordination"))
    expect(page.locator("main h2")).to_have_count(3)
    check(page, language, "coordination")


def test_download_all_documents_as_one_zip(page, live_server, alice, carol):
    tender = TenderFactory(author=alice, status="published", title="Refurbished laptops 2026")
    originals = {"Bestek laptops.pdf": files.pdf_bytes("Bestek"), "Gunningsverslag.pdf": files.pdf_bytes("Verslag")}
    for name, data in originals.items():
        documents.attach(tender, SimpleUploadedFile(name, data), doc_type="specification", language="nl", by=alice)
    login(page, live_server, carol.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:detail", args=[tender.pk]))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download all documents (ZIP)").click()
    download = download_info.value

    assert download.suggested_filename == "refurbished-laptops-2026-documents.zip"
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    assert {name: archive.read(name) for name in archive.namelist()} == originals


def test_unsaved_changes_warn_before_leaving(page, live_server, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:create"))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.locator("#id_summary").fill("Laptops with a take-back clause")
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)  # the dialog arrives asynchronously

    assert dialogs == ["beforeunload"]


def test_no_warning_without_changes_or_after_saving(page, live_server, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:create"))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(live_server.url + reverse("tenders:list"))  # nothing typed: leaves quietly
    assert dialogs == []
