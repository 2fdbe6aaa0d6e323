"""Creating a tender through the form: what is accepted, and the friendly refusals."""

import pytest
from django.urls import reverse

from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tenders.models import Tender

URL = "/tenders/new/"


def valid_data(**overrides):
    warranty = Criterion.objects.get(code="CIRC-WARR")
    electronics_watch = Criterion.objects.get(code="FAIR-EW")
    data = {
        "title": "Refurbished laptops for the city's schools",
        "reference": "2026/ICT/014",
        "summary": "Framework for 1,200 refurbished laptops with a take-back clause.",
        "language": "nl",
        "categories": [str(ProductCategory.objects.order_by("pk").first().pk)],
        "main_cpv": "30213100-6",
        "additional_cpvs": "30213300\n50312000-5",
        "contract_type": "supplies",
        "procedure_type": "open",
        "stage": "awarded",
        "estimated_value": "480000",
        "awarded_value": "455000.50",
        "publication_date": "2026-02-01",
        "award_date": "2026-05-15",
        "duration_months": "48",
        "bids_received": "4",
        "notice_url": "https://www.publicprocurement.be/publication-workspaces/123/general",
        "document_languages": ["nl", "fr"],
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-criterion": str(warranty.pk),
        "criteria-0-used_in": "award",
        "criteria-0-weight": "20",
        "criteria-0-verification": "self_declaration",
        "criteria-0-note": "Five years, batteries included.",
        "criteria-1-criterion": str(electronics_watch.pk),
        "criteria-1-used_in": "contract_clause",
        "criteria-1-verification": "monitoring",
        "suppliers-TOTAL_FORMS": "1",
        "suppliers-INITIAL_FORMS": "0",
        "suppliers-0-name": "Econocom Products & Solutions Belux",
        "suppliers-0-enterprise_number": "0426.851.567",
    }
    data.update(overrides)
    return data


def test_member_creates_a_draft_with_criteria_and_cpv_codes(client, alice):
    client.force_login(alice)
    assert client.get(URL).status_code == 200
    response = client.post(URL, valid_data(), follow=True)
    tender = Tender.objects.get()
    # A new draft leads straight to adding its documents.
    assert response.redirect_chain == [(reverse("tenders:upload_document", args=[tender.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Draft saved. Now add its documents, then submit it for review."]
    assert "Add a document" in response.content.decode()
    assert [(s.name, s.enterprise_number) for s in tender.awarded_suppliers.all()] == [
        ("Econocom Products & Solutions Belux", "0426851567")
    ]
    assert (tender.status, tender.author, tender.organisation) == ("draft", alice, alice.organisation)
    assert tender.main_cpv_id == "30213100"  # the check digit is accepted and dropped
    assert sorted(c.pk for c in tender.additional_cpvs.all()) == ["30213300", "50312000"]
    assert [(a.criterion.code, a.used_in, a.weight) for a in tender.applied_criteria.all()] == [
        ("CIRC-WARR", "award", 20),
        ("FAIR-EW", "contract_clause", None),
    ]
    page = client.get(tender.get_absolute_url()).content.decode()
    assert "Refurbished laptops" in page and "CIRC-WARR" in page and "20 %" in page.replace("&nbsp;", " ")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"criteria-1-weight": "10"}, "criteria-1-weight", "award criteria only"),
        ({"criteria-0-weight": "150"}, "criteria-0-weight", "less than or equal to 100"),
        ({"criteria-0-weight": "-5"}, "criteria-0-weight", "greater than or equal to 0"),
        ({"award_date": "2026-01-01"}, "award_date", "cannot be before the publication date"),
        ({"awarded_value": "-1"}, "awarded_value", "greater than or equal to 0"),
        ({"main_cpv": "30213199"}, "main_cpv", "30213199 is not in the CPV 2008 list."),
        ({"additional_cpvs": "30213300, 99999999"}, "additional_cpvs", "99999999"),
        ({"main_cpv": "laptop"}, "main_cpv", "CPV"),
        ({"notice_url": "ftp://example.be/notice"}, "notice_url", "Enter a valid URL"),
        ({"notice_url": "javascript:alert(1)"}, "notice_url", "Enter a valid URL"),
        ({"title": ""}, "title", "Give the title of the tender, e.g."),
    ],
)
def test_validation_is_friendly_and_keeps_the_input(client, alice, overrides, field, message):
    client.force_login(alice)
    response = client.post(URL, valid_data(**overrides))
    assert response.status_code == 200
    assert not Tender.objects.exists()
    page = response.content.decode()
    assert message in page
    assert 'id="error-summary"' in page
    assert "Framework for 1,200 refurbished laptops" in page  # nothing typed is lost


def test_award_weights_cannot_exceed_100_in_total(client, alice):
    client.force_login(alice)
    response = client.post(
        URL, valid_data(**{"criteria-0-weight": "70", "criteria-1-used_in": "award", "criteria-1-weight": "40"})
    )
    assert "cannot exceed 100" in response.content.decode()
    assert not Tender.objects.exists()


def test_posted_status_author_and_organisation_are_ignored(client, alice, carol, fedorg):
    client.force_login(alice)
    client.post(URL, valid_data(status="published", author=str(carol.pk), organisation=str(fedorg.pk)))
    tender = Tender.objects.get()
    assert (tender.status, tender.author, tender.organisation) == ("draft", alice, alice.organisation)


def test_cpv_autocomplete_is_offered_without_being_needed(client, alice):
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert 'list="cpv-suggestions"' in page and 'data-cpv-url="/reference/cpv/"' in page
