"""The tender page at a glance (issue 13): the summary strip, the criteria table by pillar, the award-weight total."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tenders.forms import award_weight_total
from tenders.models import AppliedCriterion
from tests.tenders.factories import apply_criterion


class _Strip(HTMLParser):
    """The summary strip's facts as {data-fact: (label, value)}."""

    def __init__(self):
        super().__init__()
        self.facts, self._fact, self._part, self._in_strip = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "summary-strip" in (attrs.get("class") or ""):
            self._in_strip = True
        elif self._in_strip and tag == "div" and "data-fact" in attrs:
            self._fact = attrs["data-fact"]
            self.facts[self._fact] = ["", ""]
        elif self._fact and tag in ("dt", "dd"):
            self._part = 0 if tag == "dt" else 1

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self._part = None
        if tag == "dd":
            self._fact = None
        elif tag == "section":
            self._in_strip = False

    def handle_data(self, data):
        if self._fact and self._part is not None:
            self.facts[self._fact][self._part] += data

    def result(self):
        return {k: (" ".join(label.split()), " ".join(value.split())) for k, (label, value) in self.facts.items()}


def strip_of(page: str) -> dict:
    parser = _Strip()
    parser.feed(page)
    return parser.result()


def _page(client, tender):
    response = client.get(reverse("tenders:detail", args=[tender.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_summary_strip_gives_the_tender_at_a_glance(client, carol, make_tender):
    from datetime import date

    tender = make_tender(status="published", estimated_value=300000, awarded_value=Decimal("286500.50"),
                         bids_received=5, duration_months=48, stage="running", publication_date=date(2025, 3, 14))
    tender.awarded_suppliers.create(name="Circuit Refurb Belgium NV", enterprise_number="0207437468", position=0)
    tender.awarded_suppliers.create(name="Reuse Computers Nederland B.V.", enterprise_number="NL123456789B01", position=1)
    client.force_login(carol)
    page = _page(client, tender)
    assert strip_of(page) == {
        "buyer": ("Buyer", "Stad Gent"),
        "year": ("Year", "2025"),
        "procedure": ("Procedure", "Open procedure"),
        "stage": ("Stage", "Contract running"),
        "value": ("Awarded value", "€286,500.50"),  # the awarded value when known, labelled so
        "bids": ("Bids received", "5"),
        "suppliers": ("Awarded suppliers", "Circuit Refurb Belgium NV, Reuse Computers Nederland B.V."),
        "duration": ("Duration", "48 months"),
    }
    # It comes before everything else; the key facts come next (with the suppliers' numbers), then the content.
    assert page.index('class="summary-strip"') < page.index('id="facts-heading"') < page.index('id="summary-heading"')
    assert "0207.437.468" in page and "NL123456789B01" in page


def test_summary_strip_labels_an_estimate_as_such(client, carol, make_tender):
    tender = make_tender(status="published", estimated_value=120000, awarded_value=None, stage="open")
    client.force_login(carol)
    facts = strip_of(_page(client, tender))
    assert facts["value"] == ("Estimated value", "€120,000.00")
    assert "suppliers" not in facts and "bids" not in facts


def test_criteria_read_as_a_table_by_pillar(client, carol, make_tender):
    tender = make_tender(status="published")
    apply_criterion(tender, "FAIR-EW", "contract_clause", None, verification="monitoring", note="Factory list each year.")
    apply_criterion(tender, "CIRC-WARR", "award", 15, verification="self_declaration")
    apply_criterion(tender, "CIRC-REFURB", "specification", None)
    client.force_login(carol)
    page = _page(client, tender)
    captions = [part.split("</caption>")[0] for part in page.split("<caption>")[1:]]
    assert captions == ["Circularity and life extension", "Fair and social supply chain"]  # the pillars' own order
    for header in ("Criterion", "Where it was used", "Weight", "How it was verified", "Buyer's note"):
        assert f'<th scope="col"' in page and header in page
    warranty_row = page.split(f'<a href="{reverse("taxonomy:criterion", args=["CIRC-WARR"])}">CIRC-WARR</a>')[1].split("</tr>")[0]
    assert "Award criterion" in warranty_row and "15&nbsp;%" in warranty_row and "Self-declaration" in warranty_row
    fair_row = page.split(">FAIR-EW</a>")[1].split("</tr>")[0]
    assert "No weight" in fair_row and "Independent monitoring" in fair_row and "Factory list each year." in fair_row
    assert 'data-label="Where it was used"' in page  # each cell names itself when rows stack as cards on a phone


def test_award_weight_total_and_its_note(client, carol, make_tender):
    tender = make_tender(status="published")
    apply_criterion(tender, "CIRC-WARR", "award", 15)
    apply_criterion(tender, "CLIM-EE", "award", Decimal("7.5"))
    apply_criterion(tender, "FAIR-EW", "contract_clause", None)
    client.force_login(carol)
    page = _page(client, tender).replace("&nbsp;", " ")
    assert "Total of the award-criterion weights: 22.5 %" in page
    assert "the other 77.5 % of the award score went to price" in page


def test_no_note_when_the_award_weights_make_100(client, carol, make_tender):
    tender = make_tender(status="published")
    apply_criterion(tender, "CIRC-WARR", "award", 60)
    apply_criterion(tender, "CLIM-EE", "award", 40)
    client.force_login(carol)
    page = _page(client, tender).replace("&nbsp;", " ")
    assert "Total of the award-criterion weights: 100 %" in page
    assert "went to price" not in page


def test_no_total_without_award_weights(client, carol, make_tender):
    tender = make_tender(status="published")
    apply_criterion(tender, "FAIR-EW", "contract_clause", None)
    client.force_login(carol)
    assert "Total of the award-criterion weights" not in _page(client, tender)


@pytest.mark.parametrize(
    ("rows", "total"),
    [
        ([], None),
        ([("specification", None)], None),
        ([("award", Decimal("20")), ("award", Decimal("12.5")), ("contract_clause", None)], Decimal("32.5")),
        ([("award", Decimal("0"))], Decimal("0")),
        ([("award", None), ("award", Decimal("30"))], Decimal("30")),
    ],
)
def test_award_weight_total_counts_award_criteria_only(rows, total):
    applied = [AppliedCriterion(used_in=used_in, weight=weight) for used_in, weight in rows]
    assert award_weight_total(applied) == total
