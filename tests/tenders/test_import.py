"""Coordinators import tenders from CSV or XLSX (issue 10, item 5): dry run, all or nothing, drafts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html
from openpyxl import Workbook, load_workbook

from buyersgroup.moderation.models import Status
from tenders import imports
from tenders.models import Tender

HEADER = ["organisation", "author email", "title", "reference", "summary", "language", "contract type",
          "procedure type", "stage", "estimated value", "awarded value", "publication date", "award date",
          "duration months", "bids received", "main CPV", "additional CPVs", "categories", "notice URL",
          "awarded suppliers", "criteria"]
GOOD = [
    ["Stad Gent", "alice@stad.gent", "Refurbished laptops for schools", "2024/ICT/014", "600 refurbished laptops.",
     "nl", "Leveringen", "Openbare procedure", "gegund", "250 000,00", "231.500,50", "01/03/2024", "2024-05-15",
     "48", "4", "30213100-6", "30213000; 50320000", "Laptops; Matériel reconditionné",
     "https://ted.europa.eu/en/notice/-/detail/1-2024", "Refurb NV [0403.170.701]; Laptops BV",
     "CIRC-WARR:award:15; FAIR-EW:contract_clause"],
    ["0207437468", "carol@bosa.fgov.be", "Cloud services framework", "", "Cloud services with a climate clause.",
     "fr", "services", "restricted", "Contract running", "1.500.000", "", "2023-09-01", "", "36", "", "", "", "",
     "", "", "CLIM-EE:Technical specification"],
]


def changed(row, **values):
    """A copy of ``row`` with some columns changed, by header (spaces as underscores)."""
    row = list(row)
    for key, value in values.items():
        row[HEADER.index(key.replace("_", " ").replace("CPV", "CPV"))] = value
    return row


def csv_file(*rows, name="tenders.csv", header=HEADER) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


@pytest.fixture
def world(alice, bob, carol, cora, fedorg):
    fedorg.enterprise_number = "0207437468"
    fedorg.save()
    return {"alice": alice, "carol": carol}


def upload(client, file):
    return client.post(reverse("tenders:import"), {"file": file})


def page_text(response) -> str:
    return " ".join(html.fromstring(response.content).xpath("//main")[0].text_content().split())


def problems(response) -> list[str]:
    return [" ".join(li.text_content().split()) for li in html.fromstring(response.content).xpath(
        "//ul[@class='import-errors']/li")]


def token_of(response) -> str:
    return re.search(r'action="/tenders/import/([^"/]+)/"', response.content.decode()).group(1)


# --- a good file ---------------------------------------------------------------------------------


def test_good_csv_dry_run_then_confirm_imports_every_row_as_drafts(client, world, alice, carol, cora):
    client.force_login(cora)
    before = Tender.objects.count()
    response = upload(client, csv_file(*GOOD))
    assert response.status_code == 200
    text = page_text(response)
    assert "No problems found: 2 draft tenders will be created." in text
    rows = html.fromstring(response.content).xpath("//table/tbody/tr")
    assert [" ".join(r.text_content().split()) for r in rows] == [
        "2 Refurbished laptops for schools Stad Gent Alice Aerts alice@stad.gent Draft to create",
        "3 Cloud services framework FOD BOSA Carol Claes carol@bosa.fgov.be Draft to create",
    ]
    assert Tender.objects.count() == before  # the dry run creates nothing

    confirmed = client.post(reverse("tenders:import_check", args=[token_of(response)]), follow=True)
    assert "2 tenders imported as drafts: their authors can now complete and submit them." in page_text(confirmed)
    laptops = Tender.objects.get(title="Refurbished laptops for schools")
    cloud = Tender.objects.get(title="Cloud services framework")
    assert (laptops.status, laptops.author, laptops.organisation) == (Status.DRAFT, alice, alice.organisation)
    assert (cloud.status, cloud.author, cloud.organisation) == (Status.DRAFT, carol, carol.organisation)
    assert laptops.reference == "2024/ICT/014" and laptops.language == "nl"
    assert (laptops.contract_type, laptops.procedure_type, laptops.stage) == ("supplies", "open", "awarded")
    assert laptops.estimated_value == Decimal("250000.00") and laptops.awarded_value == Decimal("231500.50")
    assert laptops.publication_date == dt.date(2024, 3, 1) and laptops.award_date == dt.date(2024, 5, 15)
    assert (laptops.duration_months, laptops.bids_received) == (48, 4)
    assert laptops.main_cpv_id == "30213100"
    assert sorted(c.code for c in laptops.additional_cpvs.all()) == ["30213000", "50320000"]
    assert sorted(c.slug for c in laptops.categories.all()) == ["laptops", "refurbished-equipment"]
    assert laptops.notice_url == "https://ted.europa.eu/en/notice/-/detail/1-2024"
    assert [(s.name, s.enterprise_number) for s in laptops.awarded_suppliers.all()] == [
        ("Refurb NV", "0403.170.701"), ("Laptops BV", "")]
    assert [(a.criterion.code, a.used_in, a.weight) for a in laptops.applied_criteria.all()] == [
        ("CIRC-WARR", "award", Decimal("15.00")), ("FAIR-EW", "contract_clause", None)]
    assert (cloud.contract_type, cloud.procedure_type, cloud.stage) == ("services", "restricted", "running")
    assert cloud.estimated_value == Decimal("1500000") and cloud.language == "fr"
    assert [(a.criterion.code, a.used_in) for a in cloud.applied_criteria.all()] == [("CLIM-EE", "specification")]
    # The stored upload is gone once imported: the same confirmation cannot import twice.
    assert client.post(reverse("tenders:import_check", args=[token_of(response)])).status_code == 404
    assert Tender.objects.count() == before + 2


def test_good_xlsx_with_numbers_and_dates_as_cells_imports(client, world, alice, cora):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Title", "Organisation", "Author email", "Summary", "Language", "Procedure type",
                  "Estimated value", "Publication date", "Bids received"])
    sheet.append(["Monitors for the city hall", "Stad Gent", "ALICE@stad.gent", "120 monitors, EPEAT Gold.", "en",
                  "open", 99500.5, dt.datetime(2024, 2, 1), 3])
    sheet.append(["Smartphones", "stad gent", "alice@stad.gent", "Fairphones for field staff.", "Dutch",
                  "Mededingingsprocedure met onderhandeling", 40000, dt.date(2024, 6, 30), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(cora)
    response = upload(client, SimpleUploadedFile("list.xlsx", buffer.getvalue()))
    assert "No problems found: 2 draft tenders will be created." in page_text(response)
    client.post(reverse("tenders:import_check", args=[token_of(response)]))
    monitors = Tender.objects.get(title="Monitors for the city hall")
    phones = Tender.objects.get(title="Smartphones")
    assert (monitors.author, monitors.status, monitors.estimated_value) == (alice, "draft", Decimal("99500.50"))
    assert monitors.publication_date == dt.date(2024, 2, 1) and monitors.bids_received == 3
    assert (phones.language, phones.procedure_type, phones.stage, phones.contract_type) == (
        "nl", "neg-w-call", "awarded", "supplies")


def test_the_template_s_example_row_imports(client, world, alice, cora):
    """The downloadable templates (CSV and XLSX) are the documentation: their example row must import."""
    client.force_login(cora)
    template = client.get(reverse("tenders:import_template", args=["xlsx"]))
    assert template["Content-Disposition"] == 'attachment; filename="tenders-import-template.xlsx"'
    sheet = load_workbook(io.BytesIO(template.content), read_only=True).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows())] == [column.key for column in imports.COLUMNS]
    csv_template = client.get(reverse("tenders:import_template", args=["csv"]))
    response = upload(client, SimpleUploadedFile("template.csv", csv_template.content))
    assert "No problems found: 1 draft tender will be created." in page_text(response)
    response = upload(client, SimpleUploadedFile("template.xlsx", template.content))
    assert "No problems found: 1 draft tender will be created." in page_text(response)


# --- a bad file ------------------------------------------------------------------------------------


def test_mixed_file_imports_nothing_and_reports_every_bad_row(client, world, cora):
    blank = [""] * len(HEADER)
    bad = [
        GOOD[0],
        changed(GOOD[0], title="Negotiated laptops", procedure_type="negotiated", publication_date="31/02/2024",
                award_date=""),
        changed(blank, organisation="Gemeente Nergens", author_email="bob@stad.gent", title="Unknown buyer",
                summary="", language="nl", procedure_type="open"),
        changed(blank, organisation="FOD BOSA", author_email="alice@stad.gent", title="Wrong author",
                summary="Summary.", language="en", procedure_type="open", estimated_value="twee ton",
                duration_months="300", main_CPV="99999999", categories="Tablets; Toasters"),
        changed(blank, organisation="Stad Gent", author_email="bob@stad.gent", title="Bad criteria",
                summary="Summary.", language="nl", procedure_type="open", publication_date="2024-05-01",
                award_date="2024-04-01", notice_URL="ftp://x", awarded_suppliers="[0403]",
                criteria="CIRC-WARR:specification:10; NOPE:award; CLIM-EE:award:95; FAIR-EW"),
        GOOD[1],
    ]
    client.force_login(cora)
    before = Tender.objects.count()
    response = upload(client, csv_file(*bad))
    text = page_text(response)
    assert "problems to fix: nothing is imported" in text
    procedures = "open, restricted, neg-w-call, comp-dial, innovation, neg-wo-call, below-threshold, fa-call-off, dps"
    assert problems(response) == [
        f"Row 3, column “procedure type”: “negotiated” is not a procedure type; use one of: {procedures}.",
        "Row 3, column “publication date”: “31/02/2024” is not a date: write it as 2024-03-01 or 01/03/2024 "
        "(day/month/year).",
        "Row 4, column “organisation”: No member organisation has the enterprise number or name “Gemeente Nergens”.",
        "Row 4, column “summary”: Give a short summary: what was bought, for whom, and what made it sustainable.",
        "Row 5, column “author email”: alice@stad.gent is a member of Stad Gent, not of FOD BOSA.",
        "Row 5, column “estimated value”: “twee ton” is not an amount: write it as 250000, 250 000,00 or 250000.00.",
        "Row 5, column “categories”: “Toasters” is not a product category.",
        "Row 5, column “main CPV”: 99999999 is not in the CPV 2008 list.",
        "Row 5, column “duration months”: Ensure this value is less than or equal to 240.",
        "Row 6, column “criteria”: “NOPE” is not a criterion code.",
        "Row 6, column “criteria”: “FAIR-EW” is not code:use or code:use:weight.",
        "Row 6, column “notice URL”: Enter a valid URL.",
        "Row 6, column “award date”: The award date cannot be before the publication date.",
        "Row 6, column “criteria”: CIRC-WARR: A weight belongs to award criteria only: leave it empty or choose "
        "'Award criterion'.",
        "Row 6, column “awarded suppliers”: “[0403]”: give the supplier's name, then its number in square brackets.",
    ]
    rows = [" ".join(r.text_content().split()) for r in html.fromstring(response.content).xpath("//table/tbody/tr")]
    assert rows[0].endswith("Draft to create") and rows[1].endswith("2 problems") and rows[5].endswith("Draft to create")
    assert "Confirm the import" not in text
    assert Tender.objects.count() == before


def test_confirming_a_file_with_errors_imports_nothing(client, world, cora):
    from django.core.files.storage import default_storage
    from tenders import import_views

    client.force_login(cora)
    request = type("R", (), {"user": cora})()
    token = import_views._store(request, "mixed.csv", csv_file(GOOD[0], changed(GOOD[0], language="xx")).read())
    before = Tender.objects.count()
    response = client.post(reverse("tenders:import_check", args=[token]))
    assert response.status_code == 200
    assert problems(response) == [
        "Row 3, column “language”: “xx” is not a language; use one of: nl, fr, en, de."]
    assert Tender.objects.count() == before
    assert default_storage.exists(imports_path(token))  # kept: the coordinator may look again


def imports_path(token):
    from django.core import signing

    return signing.loads(token, salt="tenders.import")["path"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("tenders.pdf", b"%PDF-1.4 not a list", "Only CSV and Excel (XLSX) files can be imported"),
    ("tenders.csv", b"", "The submitted file is empty."),
    ("tenders.csv", b"title;colour\nA;red\n", "Unknown columns: “colour”. Missing columns: “organisation”, "
     "“author email”, “summary”, “language”, “procedure type”."),
    ("tenders.xlsx", b"PK\x03\x04 not really a workbook", "This file is damaged"),
    ("tenders.csv", ";".join(HEADER).encode() + b"\n", "The file has a header but no rows of tenders."),
])
def test_unreadable_files_are_refused_with_a_message(client, world, cora, name, content, message):
    client.force_login(cora)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = " ".join(html.fromstring(response.content).xpath("string(//main)").split())
    assert message in errors


def test_too_many_rows_is_refused(client, world, cora, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    client.force_login(cora)
    response = upload(client, csv_file(*([GOOD[1]] * 4)))
    assert "The file has more than 3 rows: split it into several files." in page_text(response)


# --- who -----------------------------------------------------------------------------------------------


def test_members_and_other_coordinators_get_404(client, world, alice, cora):
    from tests.factories import MemberFactory, add_totp

    client.force_login(cora)
    token = token_of(upload(client, csv_file(GOOD[1])))
    client.force_login(alice)
    for url in (reverse("tenders:import"), reverse("tenders:import_template", args=["csv"]),
                reverse("tenders:import_check", args=[token])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("tenders:import_check", args=[token])).status_code == 404
    other = MemberFactory(email="other.coordinator@bosa.fgov.be", organisation=cora.organisation, role="coordinator")
    add_totp(other)
    client.force_login(other)
    assert client.get(reverse("tenders:import_check", args=[token])).status_code == 404
    assert client.get(reverse("tenders:import_check", args=["not-a-token"])).status_code == 404


def test_the_coordination_page_links_to_the_import(client, world, cora):
    client.force_login(cora)
    page = html.fromstring(client.get(reverse("members:coordination")).content)
    assert page.xpath("//a[@href='/tenders/import/']/text()") == ["Import tenders (CSV or Excel)"]


# --- cost ----------------------------------------------------------------------------------------------


def test_dry_run_queries_grow_by_a_fixed_number_per_row(client, world, cora):
    client.force_login(cora)

    def queries_for(count):
        with CaptureQueriesContext(connection) as captured:
            response = upload(client, csv_file(*([GOOD[0]] * count)))
        assert f"No problems found: {count} draft tenders will be created." in page_text(response)
        return [q["sql"] for q in captured]

    two, six = queries_for(2), queries_for(6)
    # The tender form's and the criteria formset's own lookups and constraint checks, for a row with two
    # criteria: the same for every row, nothing that grows with the file.
    assert (len(six) - len(two)) % 4 == 0
    assert (len(six) - len(two)) / 4 <= 20, "\n".join(q[:200] for q in six)


def test_abandoned_import_files_are_deleted_once_their_link_expired(client, world, cora, settings):
    import os
    import time

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from buyersgroup.documents.services import stored_names
    from tenders.import_views import TOKEN_SECONDS

    client.force_login(cora)
    upload(client, csv_file(GOOD[0]))
    upload(client, csv_file(GOOD[1]))
    old, recent = sorted(stored_names("imports"))
    stamp = time.time() - TOKEN_SECONDS - 60
    os.utime(default_storage.path(old), (stamp, stamp))  # abandoned a day and a minute ago
    out = io.StringIO()
    call_command("prune_import_files", stdout=out)
    assert out.getvalue() == "1 expired import file(s) deleted.\n"
    assert list(stored_names("imports")) == [recent]
