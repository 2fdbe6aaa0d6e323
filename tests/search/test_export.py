"""Exports of the current results: formula injection, BOM, cap, visibility."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from buyersgroup.moderation.models import Status
from buyersgroup.search import exports
from buyersgroup.taxonomy.models import Criterion
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(value):
    assert exports.neutralise(value) == "'" + value
    assert exports.neutralise("laptops = good") == "laptops = good"


def test_csv_has_one_row_per_entry_with_everything_joined(client, alice, publish):
    tender = publish(title="=cmd|' /C calc'!A0", summary="Laptops.", language="en", awarded_value=1234)
    apply_criterion(tender)
    TenderFactory(author=alice, status=Status.SUBMITTED, title="Laptops not yet published")
    client.force_login(alice)
    rows = read_csv(client.get(reverse("search:export", args=["csv"]), {"q": "laptops", "kind": "tenders"}))
    assert rows[0][:3] == ["Kind", "Title", "Organisation"]
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == "'=cmd|' /C calc'!A0"
    assert row[2] == "Stad Gent" and row[6] == "1234.00" and row[8] == "CIRC-WARR" and row[10] == "30213100"
    assert row[11].endswith(f"/tenders/{tender.pk}/")


def read_xlsx(response):
    assert response.streaming  # from a temporary file, never built whole in memory
    assert response["Content-Disposition"] == 'attachment; filename="search-results.xlsx"'
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_xlsx_keeps_numbers_numbers_and_neutralises_text(client, alice, publish):
    tender = publish(title="=cmd|' /C calc'!A0", summary="Laptops.", language="en", awarded_value=1234,
                     bids_received=4)
    apply_criterion(tender)
    client.force_login(alice)
    sheet = read_xlsx(client.get(reverse("search:export", args=["xlsx"]), {"q": "laptops", "kind": "tenders"}))
    header, row = [[c.value for c in r] for r in sheet.iter_rows()]
    assert header[:3] == ["Kind", "Title", "Organisation"]
    assert row[1] == "'=cmd|' /C calc'!A0"
    assert row[6] == 1234 and row[7] == 4  # numbers a spreadsheet can sum
    assert row[8] == "CIRC-WARR" and row[11].endswith(f"/tenders/{tender.pk}/")


def test_xlsx_export_and_cap_note(client, alice, publish, monkeypatch):
    monkeypatch.setattr(exports, "CAP", 2)
    for i in range(3):
        publish(title=f"Printer {i}", summary="Printers.")
    client.force_login(alice)
    response = client.get(reverse("search:export", args=["xlsx"]), {"q": "printer"})
    sheet = read_xlsx(response)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 4  # header, two rows, the note
    assert values[-1][0] == "Only the first 2 results were exported. Add filters to export the rest."


def test_unknown_format_is_404(client, alice):
    client.force_login(alice)
    assert client.get("/search/export.exe").status_code == 404


def test_rows_name_the_kind_the_procedure_and_the_stage_in_the_readers_language(client, alice, publish):
    publish(title="Laptops", summary="Laptops.", language="nl", procedure_type="open", stage="awarded")
    publish(kind="practice", title="Laptop guidance", summary="Laptops: buy refurbished.", language="en")
    client.force_login(alice)
    rows = read_csv(client.get(reverse("search:export", args=["csv"]), {"q": "laptops", "kind": "tenders"}))
    assert rows[1][0] == "tender" and rows[1][4:6] == ["Open procedure", "Awarded"]
    client.cookies["django_language"] = "nl"
    rows = read_csv(client.get(reverse("search:export", args=["csv"]), {"q": "laptops"}))
    by_title = {row[1]: row for row in rows[1:]}
    assert by_title["Laptops"][0] == "opdracht" and by_title["Laptops"][4:6] == ["Openbare procedure", "Gegund"]
    assert by_title["Laptop guidance"][4:6] == ["", ""]


def test_a_row_names_each_code_once_in_the_taxonomys_order(client, alice, publish):
    tender = publish(title="Laptops", summary="Laptops.", language="en", main_cpv_id="30213100")
    tender.additional_cpvs.add("30213100", "30200000")  # the main code given again among the further ones
    for code, used_in in [("FAIR-EW", "contract_clause"), ("CIRC-WARR", "award"), ("CIRC-WARR", "specification")]:
        apply_criterion(tender, code, used_in=used_in, weight=10 if used_in == "award" else None)
    client.force_login(alice)
    [row] = read_csv(client.get(reverse("search:export", args=["csv"]), {"q": "laptops", "kind": "tenders"}))[1:]
    in_order = [c.code for c in Criterion.objects.filter(code__in=["FAIR-EW", "CIRC-WARR"])]  # the taxonomy's order
    assert row[8] == "; ".join(in_order)  # applied twice, named once
    assert row[10] == "30213100; 30200000"  # the main code first, then the further ones, each once


def test_a_practices_year_is_brussels_year(client, alice, publish):
    from datetime import datetime, timezone

    # 31 December 2025, 23:30 in UTC: already 2026 in Brussels, where the member reads it.
    publish(kind="practice", title="Laptop guidance", summary="Laptops.",
            published_at=datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc))
    client.force_login(alice)
    [row] = read_csv(client.get(reverse("search:export", args=["csv"]), {"q": "laptops"}))[1:]
    assert row[1] == "Laptop guidance" and row[3] == "2026"


def _export_queries(client) -> tuple[int, int]:
    """The statements an export of 'laptops' ran, and its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(client.get(reverse("search:export", args=["csv"]), {"q": "laptops"}))
    return len(queries), len(rows) - 1


def test_an_export_reads_a_bounded_number_of_queries_however_many_rows(client, alice, publish):
    def add(count):
        for _ in range(count):
            tender = publish(title="Laptops", summary="Laptops.", language="en")
            tender.additional_cpvs.add("30200000")
            apply_criterion(tender)
            publish(kind="practice", title="Laptop guidance", summary="Laptops.")

    client.force_login(alice)
    add(2)
    few, rows = _export_queries(client)
    assert rows == 4
    add(5)
    many, rows = _export_queries(client)
    assert rows == 14 and many == few
