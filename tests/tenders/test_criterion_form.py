"""The criteria block of the tender form (issue 13): the rules it keeps with and without JavaScript."""

from django.urls import reverse

from buyersgroup.taxonomy.models import Criterion
from tests.tenders.factories import apply_criterion
from tests.tenders.helpers import edit_page_data


def _block(page: str) -> str:
    return page.split('id="criteria-heading"')[1].split("</fieldset>\n\n  <fieldset")[0]


def test_the_choice_names_each_criterion_in_full_by_pillar(client, alice):
    client.force_login(alice)
    page = client.get(reverse("tenders:create")).content.decode()
    block = _block(page)
    assert "---------" not in block
    assert '<option value="" selected>Choose a criterion</option>' in block
    assert '<option value="" selected>Choose where it was used</option>' in block
    refurb = Criterion.objects.get(code="CIRC-REFURB")
    assert f'>CIRC-REFURB — {refurb.name_en}</option>' in block
    pillars = [part.split('"')[0] for part in block.split('<optgroup label="')[1:4]]
    assert pillars == ["Circularity and life extension", "Fair and social supply chain", "Climate and energy"]
    # Each option carries its description for the script; the row says where it will appear.
    assert f'data-description="{refurb.description_en[:40]}' in block
    assert "The criterion&#x27;s description appears here once it is chosen." in block


def test_empty_rows_have_no_remove_checkbox_saved_rows_a_plain_remove(client, alice, make_tender):
    tender = make_tender()
    apply_criterion(tender, "CIRC-WARR", "award", 20)
    client.force_login(alice)
    block = _block(client.get(reverse("tenders:edit", args=[tender.pk])).content.decode())
    assert 'name="criteria-0-DELETE"' in block and 'name="criteria-1-DELETE"' not in block
    assert '<label for="id_criteria-0-DELETE">Remove</label>' in block
    assert "Remove this criterion" not in block
    # A saved row shows the chosen criterion's description as its help (without JavaScript too).
    warranty = Criterion.objects.get(code="CIRC-WARR")
    assert f'<div class="help" id="id_criteria-0-criterion_helptext">{warranty.description_en[:30]}' in block
    # The buttons the script shows: "Remove" on each row, "Add another criterion", and the running total.
    assert 'data-remove-criterion hidden>Remove<span class="visually-hidden"> criterion 1</span>' in block
    assert "data-add-criterion" in block and 'data-award-total hidden aria-live="polite"' in block


def test_a_saved_weight_shows_as_typed(client, alice, make_tender):
    tender = make_tender()
    apply_criterion(tender, "CIRC-WARR", "award", 20)
    apply_criterion(tender, "FAIR-EW", "award", "12.5")
    client.force_login(alice)
    block = _block(client.get(reverse("tenders:edit", args=[tender.pk])).content.decode())
    assert 'name="criteria-0-weight" value="20"' in block and 'name="criteria-1-weight" value="12.5"' in block
    assert "20.00" not in block and "12.50" not in block


def test_remove_a_saved_criterion(client, alice, make_tender):
    tender = make_tender()
    apply_criterion(tender, "CIRC-WARR", "award", 20)
    apply_criterion(tender, "FAIR-EW", "contract_clause", None)
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data["criteria-0-DELETE"] = "on"
    client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert [a.criterion.code for a in tender.applied_criteria.all()] == ["FAIR-EW"]


def test_a_weight_for_another_use_is_explained_at_the_weight(client, alice, make_tender):
    tender = make_tender()
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data.update({"criteria-0-criterion": str(Criterion.objects.get(code="CIRC-WARR").pk),
                 "criteria-0-used_in": "specification", "criteria-0-weight": "10"})
    response = client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert response.context["formsets"]["criteria"].forms[0].errors == {
        "weight": ["A weight belongs to award criteria only: leave it empty or choose 'Award criterion'."]
    }
    # The row keeps what was typed, and the description of the chosen criterion shows.
    block = _block(response.content.decode())
    assert 'name="criteria-0-weight" value="10"' in block
    assert Criterion.objects.get(code="CIRC-WARR").description_en[:30] in block


def test_a_chosen_criterion_without_its_use_asks_for_it(client, alice, make_tender):
    tender = make_tender()
    client.force_login(alice)
    data = edit_page_data(client, tender)
    data["criteria-0-criterion"] = str(Criterion.objects.get(code="CIRC-WARR").pk)
    response = client.post(reverse("tenders:edit", args=[tender.pk]), data)
    assert response.context["formsets"]["criteria"].forms[0].errors == {
        "used_in": ["Choose where the criterion was used, e.g. “Award criterion”."]
    }


def test_an_empty_row_marks_nothing_required_a_saved_one_does(client, alice, make_tender):
    tender = make_tender()
    apply_criterion(tender, "CIRC-WARR", "award", 20)
    client.force_login(alice)
    block = _block(client.get(reverse("tenders:edit", args=[tender.pk])).content.decode())
    saved, empty = block.split('id="id_criteria-1-criterion"')[0], block.split('id="id_criteria-1-criterion"')[1]
    assert saved.count('class="required"') == 2  # criterion and where it was used
    assert 'class="required"' not in empty.split("criteria-2-")[0]
