"""Awarded suppliers (SPEC §2): entered in the tender form, validated, shown, and reviewed in a pending edit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tenders.models import AwardedSupplier, Tender, normalise_supplier_number
from tests.tenders.helpers import edit_page_data


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0207.437.468", "0207437468"),
        ("0207437468", "0207437468"),
        ("BE 0207 437 468", "0207437468"),
        ("be0207.437.468", "0207437468"),
        ("207437468", "0207437468"),  # the old nine-digit form
        ("NL123456789B01", "NL123456789B01"),
        ("fr 40 303 265 045", "FR40303265045"),
        ("DE-123.456.789", "DE123456789"),
        ("", ""),
    ],
)
def test_enterprise_or_vat_numbers_accepted(typed, stored):
    assert normalise_supplier_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0207.437.469", "check digits do not match"),
        ("2207.437.468", "starts with 0 or 1"),
        ("BE 12345", "10 digits"),
        ("N1234", "starting with its country code"),
        ("NL12345678901234567", "starting with its country code"),
        ("Acme NV", "starting with its country code"),
    ],
)
def test_wrong_numbers_say_what_to_give(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_supplier_number(typed)
    assert message in " ".join(error.value.messages)


def test_suppliers_are_edited_in_the_tender_form(client, alice, make_tender):
    tender = make_tender(status="draft")
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data.update({
        "suppliers-0-name": "Circuit Refurb Belgium NV", "suppliers-0-enterprise_number": "BE 0207 437 468",
    })
    response = client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert response.status_code == 302
    assert [(s.name, s.enterprise_number, s.position) for s in tender.awarded_suppliers.all()] == [
        ("Circuit Refurb Belgium NV", "0207437468", 0)
    ]
    # Shown again with its dots; a second one and then removing the first.
    page = client.get(reverse("tenders:edit", args=[tender.pk])).content.decode()
    assert 'value="0207.437.468"' in page
    data = edit_page_data(client, tender)
    data.update({"suppliers-1-name": "Reuse Computers Nederland B.V.", "suppliers-1-enterprise_number": "NL123456789B01",
                 "suppliers-0-DELETE": "on"})
    client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert [s.name for s in tender.awarded_suppliers.all()] == ["Reuse Computers Nederland B.V."]


def test_a_wrong_supplier_number_is_shown_at_its_field(client, alice, make_tender):
    tender = make_tender(status="draft")
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data.update({"suppliers-0-name": "Circuit Refurb Belgium NV", "suppliers-0-enterprise_number": "0207.437.469"})
    response = client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert response.status_code == 200
    supplier_form = response.context["formsets"]["suppliers"].forms[0]
    assert supplier_form.errors == {
        "enterprise_number": ["This enterprise number's check digits do not match: please check for a typo."]
    }
    page = response.content.decode()
    assert "Supplier 1 — Enterprise or VAT number: This enterprise number" in page  # in the error summary, linked
    assert 'href="#id_suppliers-0-enterprise_number"' in page
    assert not AwardedSupplier.objects.exists()


def test_a_number_without_a_name_asks_for_the_name(client, alice, make_tender):
    tender = make_tender(status="draft")
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data["suppliers-0-enterprise_number"] = "0207.437.468"
    response = client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert response.context["formsets"]["suppliers"].forms[0].errors == {
        "name": ["Give the supplier's name, or leave the whole row empty."]
    }


def test_the_review_screen_shows_changed_suppliers(client, alice, cora, make_tender):
    tender = make_tender(status="published")
    tender.awarded_suppliers.create(name="Groen Digitaal BV", position=0)
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data.update({"suppliers-1-name": "Reboot Solutions SRL", "suppliers-1-enterprise_number": "0207.437.468"})
    client.post(reverse("tenders:edit", args=[tender.pk]), data)
    revision = Tender.objects.get(revision_of=tender)
    assert [s.name for s in revision.awarded_suppliers.all()] == ["Groen Digitaal BV", "Reboot Solutions SRL"]
    assert [s.name for s in tender.awarded_suppliers.all()] == ["Groen Digitaal BV"]  # published rows unchanged
    client.post(reverse("tenders:act", args=[revision.pk, "submit"]))

    client.force_login(cora)
    response = client.get(reverse("tenders:review", args=[revision.pk]))
    changes = {change.label: change for change in response.context["diff"]}
    assert changes["Awarded suppliers"].added == ["Reboot Solutions SRL (0207.437.468)"]
    assert changes["Awarded suppliers"].removed == []
    assert "Reboot Solutions SRL (0207.437.468)" in response.content.decode()


def test_the_admin_shows_a_tenders_criteria_and_suppliers_read_only(client, cora, alice):
    from tests.tenders.factories import TenderFactory, apply_criterion

    cora.is_staff = cora.is_superuser = True
    cora.save()
    tender = TenderFactory(author=alice, status="published")
    apply_criterion(tender, "CIRC-WARR", "award", 20)
    tender.awarded_suppliers.create(name="Signpost NV", enterprise_number="0456789012", position=0)
    client.force_login(cora)
    page = client.get(reverse("admin:tenders_tender_change", args=[tender.pk])).content.decode()
    assert "Signpost NV" in page and "0456789012" in page and "CIRC-WARR" in page
    assert 'name="awarded_suppliers-0-name"' not in page  # read, not edited around the workflow
