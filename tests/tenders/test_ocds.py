"""The OCDS 1.1 export (SPEC §9, issue 10 item 4): mapping, validity, visibility, cost."""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reportlab.pdfgen import canvas
from django.core.files.uploadedfile import SimpleUploadedFile

from buyersgroup.documents import services
from buyersgroup.documents.models import DocumentType
from buyersgroup.moderation.models import Status
from tenders import ocds
from tenders.models import AwardedSupplier, ContractType, ProcedureType, Stage, Tender
from tests.tenders.factories import TenderFactory, apply_criterion

SCHEMA = Path(__file__).parent / "ocds_schema" / "1__1__5"
URI = "https://portal.example/api/ocds/releases.json"


# --- validation with libcoveocds, offline ---------------------------------------------------


def _closed_codelists(schema) -> dict[str, list[str]]:
    """The closed codelists, read from the schema's own ``enum``s (same codes as the CSV files)."""
    found: dict[str, list[str]] = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("codelist") and node.get("openCodelist") is False:
                enum = node.get("enum") or node.get("items", {}).get("enum") or []
                found[node["codelist"]] = [code for code in enum if code is not None]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


@pytest.fixture(scope="session")
def standard_zip(tmp_path_factory) -> str:
    """The standard's schema folder as libcoveocds reads it (a ZIP like the repository's), from the vendored files."""
    path = tmp_path_factory.mktemp("ocds") / "standard-1__1__5.zip"
    release_schema = json.loads((SCHEMA / "release-schema.json").read_text())
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for file in sorted(SCHEMA.glob("*.json")):
            archive.write(file, f"standard-1__1__5/schema/{file.name}")
        for name, codes in _closed_codelists(release_schema).items():
            archive.writestr(f"standard-1__1__5/schema/codelists/{name}", "Code\n" + "".join(f"{c}\n" for c in codes))
    return f"file://{path}"


def validate(package: dict, standard_zip: str, tmp_path) -> dict:
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig({"standard_zip": standard_zip, "context": "api"})
    return ocds_json_output(str(tmp_path), json_data=json.loads(json.dumps(package)), lib_cove_ocds_config=config)


def assert_valid(result: dict):
    assert result["validation_errors"] == []
    # A code outside a closed codelist is reported here, not among the validation errors.
    assert result["additional_closed_codelist_values"] == {}
    assert not result.get("json_deref_error")
    assert not result.get("extensions", {}).get("invalid_extension"), result.get("extensions")


# --- fixtures --------------------------------------------------------------------------------


def pdf(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, f"Tender document {name}")
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def everything(alice, carol, fedorg):
    """Published tenders covering every procedure type, stage, contract type and document type."""
    fedorg.enterprise_number = "0207437468"
    fedorg.save()
    alice.organisation.enterprise_number = "0207446475"
    alice.organisation.save()
    stages = list(Stage)
    tenders = []
    for index, procedure in enumerate(ProcedureType):
        stage = stages[index % len(stages)]
        tenders.append(TenderFactory(
            author=alice, status=Status.PUBLISHED, procedure_type=procedure, stage=stage,
            contract_type=list(ContractType)[index % 3], language=["nl", "fr", "en"][index % 3],
            publication_date="2024-03-01", award_date="2024-05-02", awarded_value=199999.5, bids_received=4,
            duration_months=48, published_at="2024-06-01T10:00:00Z",
        ))
    tenders.append(TenderFactory(author=alice, status=Status.PUBLISHED, stage=Stage.COMPLETED,
                                 published_at="2024-06-01T10:00:00Z"))
    main = tenders[2]  # awarded, supplies, English
    assert main.stage == Stage.AWARDED
    main.contract_type = ContractType.SUPPLIES
    main.co_buyers.add(fedorg)
    main.central_purchasing_body = "FOR-CMS"
    main.notice_url = "https://ted.europa.eu/en/notice/-/detail/123456-2024"
    main.reference = "2024/ICT/014"
    main.save()
    main.additional_cpvs.add("30213000", "50320000")
    AwardedSupplier.objects.create(tender=main, name="Refurb NV", enterprise_number="BE 0403.170.701", position=1)
    AwardedSupplier.objects.create(tender=main, name="Laptops BV", enterprise_number="NL123456789B01", position=2)
    apply_criterion(main, "CIRC-WARR", used_in="award", weight=15)
    apply_criterion(main, "FAIR-EW", used_in="contract_clause", weight=None)
    apply_criterion(main, "CLIM-EE", used_in="specification", weight=None)
    apply_criterion(main, "FAIR-ACCESS", used_in="market_consultation", weight=None)
    for document_type in DocumentType:
        services.attach(main, pdf(f"{document_type}.pdf"), doc_type=document_type, language="nl", by=alice)
    return tenders


# --- the mapping -------------------------------------------------------------------------------


def test_stage_procedure_and_category_codes(everything):
    releases = {r["ocid"]: r for r in ocds.package(ocds.export_queryset(), uri=URI, base_url="https://p.example")["releases"]}
    for tender in everything:
        release = releases[f"ocds-xxxxxx-{tender.pk}"]
        assert release["tender"]["status"] == ocds.TENDER_STATUS[tender.stage]
        assert release["tender"]["procurementMethod"] == ocds.PROCUREMENT_METHOD[tender.procedure_type]
        assert release["tag"] == ocds.TAGS[tender.stage]
        assert release["language"] == tender.language
        assert release["initiationType"] == "tender"
        assert ("awards" in release) == (tender.stage in ocds.AWARDED_STAGES)
    # Each stage and each procedure, written out: the mapping a reader of the data relies on.
    by_stage = {t.stage: releases[f"ocds-xxxxxx-{t.pk}"]["tender"]["status"] for t in everything}
    assert by_stage == {"planned": "planned", "open": "active", "awarded": "complete", "running": "complete",
                        "completed": "complete", "cancelled": "cancelled"}
    by_procedure = {t.procedure_type: releases[f"ocds-xxxxxx-{t.pk}"]["tender"]["procurementMethod"]
                    for t in everything}
    assert by_procedure == {"open": "open", "restricted": "selective", "neg-w-call": "selective",
                            "comp-dial": "selective", "innovation": "selective", "neg-wo-call": "limited",
                            "below-threshold": "limited", "fa-call-off": "selective", "dps": "selective"}


def test_one_tender_in_full(everything):
    main = everything[2]
    release = ocds.release(ocds.export_queryset().get(pk=main.pk), "https://portal.example")
    tender = release["tender"]
    assert release["ocid"] == f"ocds-xxxxxx-{main.pk}"
    assert release["id"].startswith(f"ocds-xxxxxx-{main.pk}-")
    assert tender["id"] == "2024/ICT/014"
    assert tender["mainProcurementCategory"] == "goods"
    assert tender["procurementMethodDetails"] == "Competitive procedure with negotiation"
    assert tender["value"] == {"amount": 250000, "currency": "EUR"}
    assert tender["numberOfTenderers"] == 4
    assert tender["contractPeriod"] == {"durationInDays": 1461}
    item = tender["items"][0]
    assert item["classification"]["scheme"] == "CPV" and item["classification"]["id"] == "30213100"
    assert [c["id"] for c in item["additionalClassifications"]] == ["30213000", "50320000"]
    # Buyer, co-buyer, central purchasing body, suppliers.
    parties = {p["id"]: p for p in release["parties"]}
    assert release["buyer"] == {"id": "BE-BCE_KBO-0207446475", "name": "Stad Gent"}
    assert parties["BE-BCE_KBO-0207446475"]["roles"] == ["buyer", "procuringEntity"]
    assert parties["BE-BCE_KBO-0207446475"]["identifier"] == {
        "scheme": "BE-BCE_KBO", "id": "0207446475", "legalName": "Stad Gent"}
    assert parties["BE-BCE_KBO-0207437468"]["roles"] == ["buyer"]
    assert parties["wholesale-buyer-for-cms"] == {"id": "wholesale-buyer-for-cms", "name": "FOR-CMS",
                                                  "roles": ["wholesaleBuyer"]}
    assert parties["BE-BCE_KBO-0403170701"]["identifier"]["id"] == "0403170701"
    assert parties["BE-BCE_KBO-0403170701"]["roles"] == ["supplier"]
    assert parties["supplier-laptops-bv"]["identifier"] == {"id": "NL123456789B01", "legalName": "Laptops BV"}
    award = release["awards"][0]
    assert award["status"] == "active"
    assert award["value"] == {"amount": 199999.5, "currency": "EUR"}
    assert award["date"] == "2024-05-02T00:00:00+02:00"
    assert award["suppliers"] == [{"id": "BE-BCE_KBO-0403170701", "name": "Refurb NV"},
                                  {"id": "supplier-laptops-bv", "name": "Laptops BV"}]
    # Documents: the official notice, then each uploaded document with its OCDS type.
    documents = tender["documents"]
    assert documents[0] == {"id": "notice", "documentType": "tenderNotice",
                            "url": "https://ted.europa.eu/en/notice/-/detail/123456-2024"}
    types = {d["title"]: d.get("documentType") for d in documents[1:]}
    assert types == {"specification.pdf": "biddingDocuments", "award_report.pdf": "evaluationReports",
                     "market_consultation.pdf": "marketStudies", "contract_clauses.pdf": "contractSchedule",
                     "evaluation_grid.pdf": "evaluationCriteria", "other.pdf": None}
    first = documents[1]
    assert first["url"] == f"https://portal.example/documents/{first['id']}/download/"
    assert first["format"] == "application/pdf" and first["language"] == "nl"
    # Award criteria and the sustainability goals.
    assert tender["awardCriteria"] == "ratedCriteria"
    assert tender["awardCriteriaDetails"] == "CIRC-WARR Warranty and service agreement (15 %)"
    assert tender["hasSustainability"] is True
    goals = {s.get("goal"): s for s in tender["sustainability"]}
    assert goals["environmental.circularEconomy"]["strategies"] == ["awardCriteria"]
    assert goals["environmental.circularEconomy"]["environmentalImpact"] == "circ-econ"
    assert goals["environmental.circularEconomy"]["criteria"] == [
        {"id": "CIRC-WARR", "name": "Warranty and service agreement", "pillar": "circularity",
         "strategy": "awardCriteria", "weight": 15}]
    assert goals["social.humanRightsInSupplyChains"]["strategies"] == ["contractPerformanceConditions"]
    assert goals["social.humanRightsInSupplyChains"]["strategicProcurement"] == "soc-obj"
    assert goals["environmental.climateChangeMitigation"]["strategies"] == ["technicalSpecifications"]
    assert "strategies" not in goals["social.accessibility"]  # market consultation only: no strategy
    assert goals["social.accessibility"]["socialObjective"] == "acc-all"


def test_procedure_name_in_the_tender_s_language(everything):
    dutch = next(t for t in everything if t.language == "nl" and t.procedure_type == "open")
    release = ocds.release(ocds.export_queryset().get(pk=dutch.pk), "https://p.example")
    from django.utils import translation

    with translation.override("nl"):
        expected = str(ProcedureType.OPEN.label)
    assert release["tender"]["procurementMethodDetails"] == expected != "Open procedure"


# --- validity --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fixture_package_validates_offline(live_server, standard_zip, tmp_path, everything):
    """Every procedure type, stage and document type; the extension fetched from the portal itself."""
    package = ocds.package(ocds.export_queryset(), uri=URI, base_url=live_server.url)
    assert package["extensions"] == [f"{live_server.url}/api/ocds/extension/extension.json"]
    result = validate(package, standard_zip, tmp_path)
    assert_valid(result)
    assert result["extensions"]["extensions"][0]["url"] == package["extensions"][0]
    assert len(package["releases"]) == len(everything)


@pytest.mark.django_db(transaction=True)
def test_a_wrong_code_is_a_schema_error(live_server, standard_zip, tmp_path, everything):
    """The validation is real: a status outside the closed codelist is reported."""
    package = ocds.package(ocds.export_queryset(), uri=URI, base_url=live_server.url)
    package["releases"][0]["tender"]["status"] = "finished"
    package["releases"][0]["tender"]["sustainability"] = [{"goal": ""}]
    result = validate(package, standard_zip, tmp_path)
    assert [(e["field"], e["value"]) for e in result["validation_errors"]] == [
        ("releases/tender/sustainability/goal", "")]
    closed = result["additional_closed_codelist_values"]
    assert closed["releases/tender/status"]["values"] == ["finished"]


@pytest.mark.django_db(transaction=True)
def test_demo_data_validates_offline(live_server, standard_zip, tmp_path, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Tender.objects.published().exists()
    package = ocds.package(ocds.export_queryset(), uri=URI, base_url=live_server.url)
    assert_valid(validate(package, standard_zip, tmp_path))


# --- the views and the command ---------------------------------------------------------------


def test_releases_page_lists_published_only_with_filters(client, alice, bob, everything):
    draft = TenderFactory(author=bob, status=Status.DRAFT, title="Secret draft")
    submitted = TenderFactory(author=bob, status=Status.SUBMITTED, title="Waiting for review")
    client.force_login(alice)
    package = client.get(reverse("ocds:releases")).json()
    ocids = {r["ocid"] for r in package["releases"]}
    assert ocids == {f"ocds-xxxxxx-{t.pk}" for t in everything}
    assert f"ocds-xxxxxx-{draft.pk}" not in ocids and f"ocds-xxxxxx-{submitted.pk}" not in ocids
    assert package["version"] == "1.1" and package["publisher"]["name"]
    assert "links" not in package
    # The §4 filters, as on the tender list.
    only_open = client.get(reverse("ocds:releases"), {"procedure": "open", "stage": "planned"}).json()
    assert [r["tender"]["procurementMethodDetails"] for r in only_open["releases"]] == ["Openbare procedure"]
    assert [r["ocid"] for r in only_open["releases"]] == [f"ocds-xxxxxx-{everything[0].pk}"]
    by_cpv = client.get(reverse("ocds:releases"), {"cpv": "50320000"}).json()
    assert [r["ocid"] for r in by_cpv["releases"]] == [f"ocds-xxxxxx-{everything[2].pk}"]
    bad = client.get(reverse("ocds:releases"), {"year_min": "abc"})
    assert bad.status_code == 400 and "year_min" in bad.json()["errors"]
    practices_only = client.get(reverse("ocds:releases"), {"theme": "refurbished", "practice_type": "report"})
    assert practices_only.status_code == 400 and practices_only.json()["errors"] == {
        "theme": ["Not a filter of this list: it filters practices only."],
        "practice_type": ["Not a filter of this list: it filters practices only."]}
    misspelt = client.get(reverse("ocds:releases"), {"procedur": "open", "page": "1"})
    assert misspelt.status_code == 400 and list(misspelt.json()["errors"]) == ["procedur"]
    assert misspelt.json()["errors"]["procedur"][0].endswith(", page.")


def test_one_tender_endpoint_never_shows_a_draft(client, alice, bob, carol, everything):
    draft = TenderFactory(author=bob, status=Status.DRAFT)
    client.force_login(alice)  # alice may see her colleague's draft on the portal, never in the open data
    assert client.get(reverse("ocds:tender", args=[draft.pk])).status_code == 404
    client.force_login(carol)
    response = client.get(reverse("ocds:tender", args=[everything[2].pk]))
    assert response.status_code == 200
    assert [r["ocid"] for r in response.json()["releases"]] == [f"ocds-xxxxxx-{everything[2].pk}"]


def test_anonymous_visitors_are_sent_to_log_in(client, everything):
    response = client.get(reverse("ocds:releases"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("ocds:extension", args=["extension.json"])).json()["name"]["en"]


def test_paging_with_next_links_and_bounded_queries(client, alice, settings, monkeypatch, everything):
    from tenders import ocds_views

    monkeypatch.setattr(ocds_views, "PAGE_SIZE", 4)
    client.force_login(alice)
    seen, url, pages = [], reverse("ocds:releases") + "?contract=supplies&contract=services&contract=works", 0
    while url:
        with CaptureQueriesContext(connection) as queries:
            package = client.get(url).json()
        assert len(queries) <= 14, [q["sql"] for q in queries]
        seen += [r["ocid"] for r in package["releases"]]
        url = package.get("links", {}).get("next")
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(f"ocds-xxxxxx-{t.pk}" for t in everything)


def test_query_count_does_not_grow_with_the_page(client, alice, everything):
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("ocds:releases"), {"procedure": "open"})
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("ocds:releases"))
    assert len(many) == len(few)


def test_rate_limit_per_member_answers_json_429(client, alice, bob, settings, everything):
    from buyersgroup.core.models import SecurityEvent

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "open_data": "2/m/user"}
    client.force_login(alice)
    published = everything[0]
    assert client.get(reverse("ocds:releases")).status_code == 200
    assert client.get(reverse("ocds:tender", args=[published.pk])).json()["releases"][0]["tender"]["id"]
    refused = client.get(reverse("ocds:releases"))
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["errors"]["rate"][0].startswith("Too many requests. Try again in ")
    assert "releases" not in refused.json()
    assert SecurityEvent.objects.get(kind="rate_limited").detail["action"] == "open_data"
    client.force_login(bob)
    assert client.get(reverse("ocds:releases")).status_code == 200  # each member their own


def test_ocid_prefix_is_a_setting(client, alice, settings, everything):
    settings.OCDS_PREFIX = "ocds-b5fd17"
    client.force_login(alice)
    package = client.get(reverse("ocds:tender", args=[everything[0].pk])).json()
    assert package["releases"][0]["ocid"] == f"ocds-b5fd17-{everything[0].pk}"


@pytest.mark.django_db(transaction=True)
def test_command_writes_a_valid_file_in_chunks(live_server, standard_zip, tmp_path, settings, monkeypatch, everything):
    settings.PORTAL_URL = live_server.url
    monkeypatch.setattr(ocds, "CHUNK", 3)
    TenderFactory(author=everything[0].author, status=Status.DRAFT, title="Not yet")
    output = tmp_path / "tenders.json"
    err = StringIO()
    call_command("export_ocds", "--output", str(output), stderr=err)
    package = json.loads(output.read_text())
    assert {r["ocid"] for r in package["releases"]} == {f"ocds-xxxxxx-{t.pk}" for t in everything}
    assert f"{len(everything)} releases written." in err.getvalue()
    assert_valid(validate(package, standard_zip, tmp_path))
