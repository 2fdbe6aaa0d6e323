"""Tenders in Chromium: the whole story of a tender, and axe-core on every tender page."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from playwright.sync_api import Page, expect
from reportlab.pdfgen import canvas

from buyersgroup.documents import services as documents
from buyersgroup.taxonomy.models import Criterion
from tests.browser.conftest import check, login
from tests.factories import PASSWORD, add_totp
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(tmp_path, text="Specification: 1,200 refurbished laptops with a take-back clause"):
    path = tmp_path / "specification.pdf"
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    path.write_bytes(buffer.getvalue())
    return path


def _login_coordinator(page: Page, live_server, coordinator, secret):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("#id_code").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit].primary").click()
    expect(page.locator("form[action='/accounts/logout/'] button")).to_be_visible()


def _new_page(browser, live_server):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    return context.new_page()


def test_the_story_of_a_tender(browser, live_server, alice, carol, fedorg, tmp_path):
    from tests.factories import MemberFactory

    coordinator = MemberFactory(email="cora@bosa.fgov.be", first_name="Cora", organisation=fedorg, role="coordinator")
    secret = add_totp(coordinator)

    # Member A creates a tender with two criteria, uploads a PDF and submits it.
    a = _new_page(browser, live_server)
    login(a, live_server, alice.email, PASSWORD)
    a.get_by_role("navigation", name="Main").get_by_role("link", name="Tenders").click()
    a.get_by_role("link", name="New tender").click()
    a.get_by_label("Title").fill("Refurbished laptops for the schools of Gent")
    a.get_by_label("Summary").fill("1,200 refurbished laptops with a five-year warranty and a take-back clause.")
    a.get_by_label("Procedure type").select_option("open")
    a.get_by_label("Main CPV code").fill("30213100-6")
    a.locator("#id_criteria-0-criterion").select_option(str(Criterion.objects.get(code="CIRC-WARR").pk))
    a.locator("#id_criteria-0-used_in").select_option("award")
    a.locator("#id_criteria-0-weight").fill("20")
    a.locator("#id_criteria-1-criterion").select_option(str(Criterion.objects.get(code="FAIR-EW").pk))
    a.locator("#id_criteria-1-used_in").select_option("contract_clause")
    a.get_by_role("button", name="Save draft").click()
    # A new draft leads straight to adding its documents.
    expect(a.get_by_role("heading", level=1)).to_have_text("Add a document")
    expect(a.get_by_text("Draft saved. Now add its documents, then submit it for review.")).to_be_visible()
    a.locator("#id_doc_type").select_option("specification")
    a.locator("#id_language").select_option("nl")
    a.locator("input[type=file]").set_input_files(_pdf(tmp_path))
    a.get_by_role("button", name="Upload").click()
    expect(a.get_by_role("link", name="specification.pdf")).to_be_visible()
    expect(a.get_by_role("heading", level=1)).to_have_text("Refurbished laptops for the schools of Gent")
    expect(a.get_by_role("link", name="CIRC-WARR")).to_be_visible()
    a.get_by_role("button", name="Submit for review").click()
    expect(a.get_by_text("Submitted for review").first).to_be_visible()
    detail_url = a.url

    # The coordinator publishes it from the review queue.
    c = _new_page(browser, live_server)
    _login_coordinator(c, live_server, coordinator, secret)
    c.get_by_role("link", name="Review queue").click()
    c.get_by_role("link", name="Refurbished laptops for the schools of Gent").click()
    c.get_by_role("radio", name="Publish").check()
    c.get_by_role("button", name="Send decision").click()
    expect(c.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # Member B, of another organisation, finds it, opens it and downloads the PDF.
    b = _new_page(browser, live_server)
    login(b, live_server, carol.email, PASSWORD)
    b.goto(f"{live_server.url}/tenders/")
    b.get_by_role("link", name="Refurbished laptops for the schools of Gent").click()
    with b.expect_download() as download_info:
        b.get_by_role("link", name="specification.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "specification.pdf"
    assert open(download.path(), "rb").read().startswith(b"%PDF-")

    # Member A edits the published tender: B keeps seeing the old title until it is published.
    a.goto(detail_url)
    a.get_by_role("button", name="Edit").click()
    a.get_by_label("Title").fill("Refurbished laptops and tablets for the schools of Gent")
    a.get_by_role("button", name="Save draft").click()
    a.get_by_role("button", name="Submit for review").click()
    b.goto(detail_url)
    expect(b.get_by_role("heading", level=1)).to_have_text("Refurbished laptops for the schools of Gent")

    c.get_by_role("link", name="Review queue").click()
    c.get_by_role("link", name="Refurbished laptops and tablets for the schools of Gent").click()
    c.get_by_role("radio", name="Publish").check()
    c.get_by_role("button", name="Send decision").click()
    b.goto(detail_url)
    expect(b.get_by_role("heading", level=1)).to_have_text("Refurbished laptops and tablets for the schools of Gent")
    for person in (a, b, c):
        person.context.close()


# --- axe-core on every tender page, English on a laptop and Dutch on a phone ----------------


@pytest.fixture
def published(alice, tmp_path):
    tender = TenderFactory(author=alice, status="published", title="Smartphones with Electronics Watch")
    apply_criterion(tender, "FAIR-EW", "contract_clause", None, verification="monitoring", note="Factory list.")
    apply_criterion(tender, "CIRC-WARR", "award", 15)
    upload = SimpleUploadedFile("smartphones.pdf", _pdf(tmp_path, "Smartphones specification").read_bytes())
    documents.attach(tender, upload, doc_type="specification", language="nl", by=alice)
    return tender


def test_tender_pages_for_a_member(page, live_server, language, alice, published):
    draft = TenderFactory(author=alice, status="draft", title="Monitors 2027")
    login(page, live_server, alice.email, PASSWORD)
    pages = {
        "tender-list": reverse("tenders:list"),
        "my-organisation": reverse("tenders:mine"),
        "tender-detail": reverse("tenders:detail", args=[published.pk]),
        "tender-form": reverse("tenders:create"),
        "document-upload": reverse("tenders:upload_document", args=[draft.pk]),
        "review-history": reverse("tenders:history", args=[published.pk]),
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        check(page, language, name)


def test_tender_form_with_errors(page, live_server, language, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:create"))
    page.locator("#id_main_cpv").fill("99999999")
    page.locator("#id_criteria-0-criterion").select_option(str(Criterion.objects.get(code="CIRC-WARR").pk))
    page.locator("#id_criteria-0-used_in").select_option("award")
    page.locator("#id_criteria-0-weight").fill("150")
    page.locator("#id_criteria-1-criterion").select_option(str(Criterion.objects.get(code="FAIR-EW").pk))
    page.locator("main form.tender-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page, language, "tender-form-errors")


def test_document_upload_with_errors(page, live_server, language, alice, tmp_path):
    draft = TenderFactory(author=alice, status="draft")
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:upload_document", args=[draft.pk]))
    fake = tmp_path / "notes.pdf"
    fake.write_bytes(b"<html><body>not a pdf</body></html>")
    page.locator("input[type=file]").set_input_files(fake)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page, language, "document-upload-errors")


def test_review_pages_for_a_coordinator(page, live_server, language, alice, fedorg, published):
    from tests.factories import MemberFactory

    coordinator = MemberFactory(email="cora@bosa.fgov.be", organisation=fedorg, role="coordinator")
    secret = add_totp(coordinator)
    submitted = TenderFactory(author=alice, status="submitted", title="Servers 2026")
    _login_coordinator(page, live_server, coordinator, secret)
    for name, path in {
        "review-queue": reverse("entries:review_queue"),
        "tender-to-review": reverse("tenders:detail", args=[submitted.pk]),
    }.items():
        page.goto(live_server.url + path)
        check(page, language, name)


def test_form_enhancements_suggest_cpv_codes_and_add_criterion_rows(page, live_server, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:create"))
    page.locator("#id_main_cpv").press_sequentially("ordinateurs portables", delay=20)
    expect(page.locator("#cpv-suggestions option[value='30213100']")).to_have_count(1)

    expect(page.locator(".criterion-form")).to_have_count(2)
    page.get_by_role("button", name="Add another criterion").click()
    expect(page.locator(".criterion-form")).to_have_count(3)
    expect(page.locator("#id_criteria-2-criterion")).to_be_focused()
    assert page.locator("#id_criteria-TOTAL_FORMS").input_value() == "3"
