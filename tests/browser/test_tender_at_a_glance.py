"""In Chromium (issue 13): a published tender read on a phone, its criteria's definitions, 'Start from this
tender', the criteria block of the form, and axe-core on the tender page and the form."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tenders.models import Tender
from tests.browser.conftest import PHONE, check, login
from tests.factories import PASSWORD
from tests.tenders.factories import TenderFactory, apply_criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tender(alice, **fields):
    tender = TenderFactory(
        author=alice, status="published", title="Refurbished laptops for the schools of Gent",
        summary="1,200 refurbished laptops with a five-year warranty, a battery clause and take-back. " * 4,
        procedure_type="open", stage="running", estimated_value=500000, awarded_value=455000, bids_received=4,
        duration_months=48, publication_date=date(2025, 2, 1), award_date=date(2025, 5, 15), **fields,
    )
    tender.categories.set(ProductCategory.objects.filter(slug__in=["laptops", "refurbished-equipment"]))
    tender.additional_cpvs.set(["30213300"])
    apply_criterion(tender, "CIRC-REFURB", "specification", None, verification="audit", position=0)
    apply_criterion(tender, "CIRC-WARR", "award", 15, verification="self_declaration", position=1)
    apply_criterion(tender, "FAIR-EW", "contract_clause", None, verification="monitoring", note="Factory list.", position=2)
    tender.awarded_suppliers.create(name="Circuit Refurb Belgium NV", enterprise_number="0207437468", position=0)
    return tender


def test_a_member_on_a_phone_reads_the_tender_at_a_glance_and_starts_from_it(page, live_server, alice, carol):
    tender = _tender(alice)
    page.set_viewport_size(PHONE)
    login(page, live_server, carol.email, PASSWORD)
    page.goto(live_server.url + tender.get_absolute_url())

    # Buyer, value, stage, bids and supplier on the first screen, without scrolling.
    strip = page.get_by_role("region", name="At a glance")
    expected = {
        "buyer": "Stad Gent", "value": "€455,000.00", "stage": "Contract running", "bids": "4",
        "suppliers": "Circuit Refurb Belgium NV",
    }
    for fact, text in expected.items():
        item = strip.locator(f"[data-fact={fact}]")
        expect(item).to_contain_text(text)
        box = item.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (fact, box)
    expect(strip.locator("[data-fact=value] dt")).to_have_text("Awarded value")

    # A criterion's code opens its definition.
    page.get_by_role("link", name="CIRC-WARR", exact=True).click()
    warranty = Criterion.objects.get(code="CIRC-WARR")
    expect(page.get_by_role("heading", level=1)).to_contain_text(warranty.name_en)
    expect(page.get_by_text(warranty.description_en[:60])).to_be_visible()
    page.go_back()

    # Start a new tender from it: its criteria are filled in.
    page.get_by_role("link", name="Start from this tender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New tender")
    expect(page.get_by_text("Started from")).to_be_visible()
    rows = [
        (Criterion.objects.get(code="CIRC-REFURB"), "specification", None, "audit"),
        (warranty, "award", "15", "self_declaration"),
        (Criterion.objects.get(code="FAIR-EW"), "contract_clause", None, "monitoring"),
    ]
    for n, (criterion, used_in, weight, verification) in enumerate(rows):
        expect(page.locator(f"#id_criteria-{n}-criterion")).to_have_value(str(criterion.pk))
        expect(page.locator(f"#id_criteria-{n}-used_in")).to_have_value(used_in)
        expect(page.locator(f"#id_criteria-{n}-verification")).to_have_value(verification)
        weight_input = page.locator(f"#id_criteria-{n}-weight")
        if weight is None:
            expect(weight_input).to_be_hidden()  # the weight is for award criteria
        else:
            expect(weight_input).to_have_value(weight)
        # The chosen criterion's description shows under the choice.
        expect(page.locator(f"#id_criteria-{n}-criterion_helptext")).to_have_text(criterion.description_en)
    expect(page.locator("[data-award-total]")).to_have_text("Total of the award-criterion weights: 15 %")
    expect(page.locator("#id_procedure_type")).to_have_value("open")

    page.get_by_label("Title").fill("Refurbished laptops for BOSA")
    page.get_by_label("Summary").fill("Laptops again, as Gent did.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document")
    draft = Tender.objects.get(title="Refurbished laptops for BOSA")
    assert (draft.author_id, draft.started_from_id, draft.applied_criteria.count()) == (carol.pk, tender.pk, 3)
    page.goto(live_server.url + draft.get_absolute_url())
    expect(page.get_by_role("complementary").get_by_role("link", name=tender.title)).to_be_visible()


def test_the_criteria_block_helps_as_it_is_filled(page, live_server, alice):
    draft = TenderFactory(author=alice, status="draft", title="Monitors 2027")
    apply_criterion(draft, "CIRC-WARR", "award", 20)
    apply_criterion(draft, "FAIR-EW", "contract_clause", None)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("tenders:edit", args=[draft.pk]))
    total = page.locator("[data-award-total]")
    expect(total).to_have_text("Total of the award-criterion weights: 20 %")
    expect(total).to_have_attribute("aria-live", "polite")
    # Saved rows have a plain "Remove" button (their checkbox is the script's business); empty rows too.
    expect(page.locator("[data-criterion-row]").first.get_by_role("button", name="Remove criterion 1")).to_be_visible()
    expect(page.locator("#id_criteria-0-DELETE")).to_be_hidden()

    # A new row: the description comes with the choice, the weight with "Award criterion", the total follows.
    refurb = Criterion.objects.get(code="CIRC-REFURB")
    expect(page.locator("#id_criteria-2-criterion option:checked")).to_have_text("Choose a criterion")
    expect(page.locator("#id_criteria-2-weight")).to_be_hidden()
    page.locator("#id_criteria-2-criterion").select_option(str(refurb.pk))
    expect(page.locator("#id_criteria-2-criterion_helptext")).to_have_text(refurb.description_en)
    page.locator("#id_criteria-2-used_in").select_option("award")
    expect(page.locator("#id_criteria-2-weight")).to_be_visible()
    page.locator("#id_criteria-2-weight").fill("12.5")
    expect(total).to_have_text("Total of the award-criterion weights: 12.5 %".replace("12.5", "32.5"))
    page.locator("#id_criteria-2-weight").fill("85")
    expect(total).to_have_text("The award weights add up to 105 %: together they cannot exceed 100 %.")
    page.locator("#id_criteria-2-weight").fill("10")

    # "Remove" on the saved award criterion, and on an added empty row.
    page.get_by_role("button", name="Remove criterion 1").click()
    expect(page.locator("#id_criteria-0-criterion")).to_be_hidden()
    expect(total).to_have_text("Total of the award-criterion weights: 10 %")
    page.get_by_role("button", name="Add another criterion").click()
    expect(page.locator("[data-criterion-row]:visible")).to_have_count(4)
    page.get_by_role("button", name="Remove criterion 5").click()
    expect(page.locator("[data-criterion-row]:visible")).to_have_count(3)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    assert [(a.criterion.code, a.weight) for a in draft.applied_criteria.all()] == [("FAIR-EW", None), ("CIRC-REFURB", 10)]


def test_tender_page_with_summary_strip_and_criteria_table(page, live_server, language, alice, carol):
    source = TenderFactory(author=carol, status="published", title="Laptops for BOSA")
    tender = _tender(alice, started_from=source)
    login(page, live_server, carol.email, PASSWORD)
    page.goto(live_server.url + tender.get_absolute_url())
    expect(page.locator("table.criteria-table")).to_have_count(2)  # two pillars
    check(page, language, "tender-at-a-glance")


def test_tender_form_with_criteria_rows_and_errors(page, live_server, language, alice):
    tender = _tender(alice)
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + f"{reverse('tenders:create')}?from={tender.pk}")
    page.locator("#id_criteria-1-weight").fill("150")
    page.locator("#id_suppliers-0-name").fill("Circuit Refurb Belgium NV")
    page.locator("#id_suppliers-0-enterprise_number").fill("0207.437.469")
    page.locator("main form.tender-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_suppliers-0-enterprise_number_error")).to_be_visible()
    expect(page.locator("#id_criteria-1-weight_error")).to_be_visible()
    check(page, language, "tender-form-criteria-errors")
