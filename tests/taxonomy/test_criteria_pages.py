"""The criteria taxonomy: every member reads it, coordinators add, edit and deactivate criteria."""

import re

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyersgroup.taxonomy.models import Criterion
from tests.taxonomy.helpers import form_data, texts

LIST = reverse("taxonomy:criteria")
CREATE = reverse("taxonomy:criterion_create")


def edit_url(criterion):
    return reverse("taxonomy:criterion_edit", args=[criterion.pk])


def test_the_starting_set_covers_every_pillar_in_three_languages(db):
    criteria = Criterion.objects.all()
    assert 30 <= len(criteria) <= 45
    assert {criterion.pillar for criterion in criteria} == {
        "circularity", "fair", "climate", "hazardous", "packaging", "other"
    }
    assert {"CIRC-WARR", "CIRC-REFURB", "FAIR-EW", "CLIM-EE", "HAZ-SVHC", "PACK-PLASTIC", "EOL-ITAD", "GOV-MARKET"} <= {
        criterion.code for criterion in criteria
    }
    for criterion in criteria:
        for field in ("name", "description", "verification"):
            assert all(getattr(criterion, f"{field}_{lang}") for lang in ("en", "nl", "fr")), (criterion.code, field)


def test_member_reads_the_criteria_grouped_by_pillar_without_edit_links(client, alice):
    Criterion.objects.filter(code="CIRC-AAS").update(is_active=False)
    client.force_login(alice)

    response = client.get(LIST)

    assert response.status_code == 200
    assert texts(response, "//h2")[:6] == [
        "Circularity and life extension",
        "Fair and social supply chain",
        "Climate and energy",
        "Hazardous substances",
        "Packaging and end of life",
        "Other",
    ]
    rows = texts(response, "//table//tbody/tr/th")
    assert "CIRC-WARR Warranty and service agreement" in rows
    assert not any(row.startswith("CIRC-AAS") for row in rows)
    page = response.content.decode()
    # Each criterion links to its reference page (the entries that use it), never to its edit form.
    warranty = Criterion.objects.get(code="CIRC-WARR")
    assert texts(response, f"//a[@href='{reverse('taxonomy:criterion', args=['CIRC-WARR'])}']") == [
        "CIRC-WARR Warranty and service agreement"
    ]
    assert f'href="{edit_url(warranty)}"' not in page
    assert f'href="{CREATE}"' not in page
    assert texts(response, "//a[starts-with(normalize-space(.), 'Edit')]") == []


def test_criteria_read_in_dutch(client, alice):
    client.force_login(alice)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl")
    assert "CIRC-WARR Garantie en serviceovereenkomst" in texts(response, "//table//tbody/tr/th")


def test_coordinator_sees_inactive_criteria_and_edit_links(client, cora):
    criterion = Criterion.objects.get(code="CIRC-AAS")
    criterion.is_active = False
    criterion.save()
    client.force_login(cora)

    response = client.get(LIST)

    row = [row for row in texts(response, "//table//tbody/tr/th") if row.startswith("CIRC-AAS")]
    assert row and row[0].endswith("Inactive")
    assert f'href="{edit_url(criterion)}"' in response.content.decode()
    assert f'href="{CREATE}"' in response.content.decode()


def test_coordinator_adds_a_criterion(client, cora):
    client.force_login(cora)
    data = form_data(client.get(CREATE), "code")
    data.update(
        code="circ-lease-2",
        pillar="circularity",
        name_en="Buy-back guarantee",
        name_nl="Terugkoopgarantie",
        name_fr="Garantie de rachat",
        description_en="The supplier buys devices back at a fixed price.",
        description_nl="De leverancier koopt toestellen terug tegen een vaste prijs.",
        description_fr="Le fournisseur rachète les appareils à un prix fixé.",
        verification_en="Contract clause.",
        ordering="500",
    )

    response = client.post(CREATE, data)

    assert response.status_code == 302 and response["Location"] == LIST
    created = Criterion.objects.get(code="CIRC-LEASE-2")
    assert (created.pillar, created.name_nl, created.is_active) == ("circularity", "Terugkoopgarantie", True)
    assert "CIRC-LEASE-2 Buy-back guarantee" in texts(client.get(LIST), "//table//tbody/tr/th")


def test_coordinator_deactivates_a_criterion_it_stays_in_the_database(client, cora, alice):
    criterion = Criterion.objects.get(code="CIRC-WARR")
    client.force_login(cora)
    data = form_data(client.get(edit_url(criterion)), "code")
    assert data["name_en"] == "Warranty and service agreement" and data["is_active"] == "on"
    data.pop("is_active")  # untick "active"
    data["name_en"] = "Warranty and repair service"

    response = client.post(edit_url(criterion), data)

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.is_active, criterion.name_en) == (False, "Warranty and repair service")
    client.force_login(alice)
    assert not any(row.startswith("CIRC-WARR") for row in texts(client.get(LIST), "//table//tbody/tr/th"))


@pytest.mark.parametrize(
    "code, error",
    [
        ("CIRC WARR!", "Use capital letters, digits and hyphens only"),
        ("fair-ew", "Criterion with this Code already exists."),
        ("", "This field is required."),
    ],
)
def test_criterion_form_errors_are_shown_and_nothing_is_saved(client, cora, code, error):
    client.force_login(cora)
    data = form_data(client.get(CREATE), "code")
    data.update(code=code, pillar="fair", name_en="X", name_nl="X", name_fr="X", description_en="X",
                description_nl="X", description_fr="X")
    count = Criterion.objects.count()

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert any(error in message for message in texts(response, "//*[@class='field-errors']/p"))
    assert Criterion.objects.count() == count


def test_members_get_404_on_the_edit_pages(client, alice):
    criterion = Criterion.objects.get(code="CIRC-WARR")
    client.force_login(alice)

    assert client.get(CREATE).status_code == 404
    assert client.get(edit_url(criterion)).status_code == 404
    response = client.post(edit_url(criterion), {"code": "HACKED", "pillar": "other"})
    assert response.status_code == 404
    criterion.refresh_from_db()
    assert criterion.code == "CIRC-WARR"


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["alice", "cora"])
def test_criteria_list_query_count_does_not_grow_with_rows(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for number in range(20):
        Criterion.objects.create(
            code=f"TEST-{number}", pillar="other", name_en="T", name_nl="T", name_fr="T",
            description_en="T", description_nl="T", description_fr="T",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few) <= 8
