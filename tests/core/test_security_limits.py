"""Cheap refusals: oversized formsets, too many fields or files, too large a body, refused before any per-form work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tenders import forms as tender_forms
from tenders.models import Tender


@pytest.fixture
def constructions(monkeypatch):
    """How many tender forms and criterion rows the view built."""
    built = {"tender": 0, "criterion": 0}

    def counting(form_class, key):
        original = form_class.__init__

        def init(self, *args, **kwargs):
            built[key] += 1
            original(self, *args, **kwargs)

        monkeypatch.setattr(form_class, "__init__", init)

    counting(tender_forms.TenderForm, "tender")
    counting(tender_forms.AppliedCriterionForm, "criterion")
    return built


def tender_post(total_forms: int, **extra) -> dict:
    return {
        "title": "Laptops", "summary": "Refurbished.", "language": "en", "procedure_type": "open",
        "criteria-TOTAL_FORMS": str(total_forms), "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "40",
        "suppliers-TOTAL_FORMS": "0", "suppliers-INITIAL_FORMS": "0", **extra,
    }


def test_a_formset_claiming_more_rows_than_its_maximum_builds_none(client, alice, constructions):
    client.force_login(alice)
    response = client.post(reverse("tenders:create"), tender_post(1000))

    # Only the blank template row the page always carries ("Add a criterion"), none from the claim.
    assert constructions["criterion"] == 1, "no criterion row may be built for a claim of 1000"
    assert response.status_code == 200
    page = response.content.decode()
    assert "The form sent more than 40 rows, the most this list can hold. Nothing was saved." in page
    assert len(page) < 200_000  # the 6 MB page of the issue
    assert not Tender.objects.exists()


def test_a_formset_within_its_maximum_is_built_as_usual(client, alice, constructions):
    """The count above means something: a normal form builds its rows (and the empty template row)."""
    client.force_login(alice)
    client.post(reverse("tenders:create"), tender_post(3))
    assert 3 <= constructions["criterion"] <= 5


def test_a_damaged_management_form_is_not_a_refusal_but_a_form_error(client, alice):
    client.force_login(alice)
    response = client.post(reverse("tenders:create"), tender_post(1, **{"criteria-TOTAL_FORMS": "many"}))
    assert response.status_code == 200
    assert "rows, the most this list can hold" not in response.content.decode()
    assert not Tender.objects.exists()


def test_too_many_fields_are_refused_before_any_form_is_built(client, alice, constructions, settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 600
    client.force_login(alice)
    data = tender_post(2, **{f"junk-{number}": "x" for number in range(700)})
    response = client.post(reverse("tenders:create"), data)

    assert response.status_code == 400
    assert "The form sent more than 600 fields" in response.content.decode()
    assert constructions == {"tender": 0, "criterion": 0}


def test_too_many_fields_in_the_query_string_are_refused(client, alice):
    client.force_login(alice)
    response = client.get(reverse("tenders:list"), {f"f{number}": "1" for number in range(700)})
    assert response.status_code == 400
    assert "more than 600 fields" in response.content.decode()


def test_too_many_files_are_refused(client, alice, settings):
    from tests.documents import files
    from tests.documents.conftest import make_tender

    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 5
    tender = make_tender(alice)
    client.force_login(alice)
    uploads = [files.upload(f"spec{number}.pdf", b"%PDF-1.4 tiny") for number in range(6)]
    response = client.post(reverse("tenders:upload_document", args=[tender.pk]), {"file": uploads})
    assert response.status_code == 400
    assert "The form sent more than 5 files" in response.content.decode()
    assert not tender.documents.exists()


def test_an_oversized_body_is_refused_with_a_clear_message(client, alice, constructions, settings):
    client.force_login(alice)
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("tenders:create"), tender_post(2, summary=too_big))
    assert response.status_code == 400
    assert "The form sent more data than the portal accepts" in response.content.decode()
    assert constructions == {"tender": 0, "criterion": 0}
