"""A small world for the Insights figures: published tenders of four organisations over three
years, with values, bids, criteria of every pillar, categories; drafts that must never count;
practices with measured results; members who did or did not log in lately; document downloads.

``expected`` (tests/insights/expected.py) computes every figure from these objects in plain
Python, one tender at a time, for the tests to compare with what the page shows.
"""

from datetime import date, datetime, timedelta
from datetime import timezone as tz
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from buyersgroup.documents import services as documents
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import ProductCategory
from tests.documents.files import pdf_bytes
from tests.factories import MemberFactory, OrganisationFactory
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory, apply_criterion

# (organisation key, publication date, published on the portal, estimated, awarded, bids, categories, criteria)
# criteria: (code, used_in, weight, verification)
TENDERS = [
    ("gent", date(2023, 3, 1), datetime(2023, 3, 5), 100_000, 90_000, 3, ["laptops"],
     [("CIRC-WARR", "award", 10, "label"), ("FAIR-EW", "contract_clause", None, "monitoring")]),
    ("gent", date(2023, 6, 1), datetime(2023, 6, 2), 200_000, None, 1, ["laptops", "monitors"],
     [("CIRC-WARR", "specification", None, "self_declaration")]),
    ("gent", date(2024, 11, 11), datetime(2024, 11, 20), 120_000, None, 5, ["laptops"],
     [("CIRC-WARR", "award", 20, "label"), ("CLIM-EE", "specification", None, "label")]),
    ("antwerp", date(2024, 2, 2), datetime(2024, 2, 3), 75_500, 70_250, 2, ["smartphones"],
     [("HAZ-FR", "specification", None, "test_report")]),
    ("antwerp", None, datetime(2025, 1, 15), None, None, None, [], []),
    ("antwerp", date(2025, 4, 4), datetime(2025, 4, 8), 60_000, 58_000, 12, ["monitors"],
     [("FAIR-DD", "selection", None, "audit"), ("PACK-PLASTIC", "market_consultation", None, "")]),
    ("bosa", date(2024, 1, 10), datetime(2024, 1, 11), None, None, 7, ["smartphones"],
     [("CLIM-EE", "specification", None, "label"), ("FAIR-DD", "selection", None, "audit")]),
    ("bosa", date(2024, 5, 5), datetime(2024, 5, 6), 50_000, None, None, [], []),
    ("bosa", date(2025, 9, 9), datetime(2025, 9, 10), 300_000, 280_000, 4, ["laptops"],
     [("CIRC-WARR", "award", 30, ""), ("HAZ-FR", "specification", None, "label"),
      ("FAIR-SOCEMP", "award", 5, "test_report")]),
    ("liege", None, datetime(2025, 2, 2), 80_000, 75_000, 2, ["smartphones"],
     [("PACK-PLASTIC", "contract_clause", None, "monitoring"), ("EOL-TAKEBACK", "contract_clause", None, "")]),
    ("liege", date(2023, 10, 10), datetime(2023, 10, 12), 40_000, 39_999, 1, [],
     [("FAIR-EW", "contract_clause", None, "monitoring")]),
]

# (organisation key, devices reused, lifetime extension, CO2e, money saved, published on the portal)
PRACTICES = [
    ("gent", 100, Decimal("2.0"), Decimal("10.50"), Decimal("5000.00"), datetime(2024, 3, 1)),
    ("gent", None, None, None, Decimal("1200.50"), datetime(2025, 3, 1)),
    ("antwerp", 40, Decimal("1.5"), Decimal("3.25"), None, datetime(2025, 6, 1)),
    ("antwerp", None, None, None, None, datetime(2024, 6, 1)),
    ("bosa", 50, Decimal("1.0"), None, None, datetime(2024, 8, 1)),
    ("liege", 7, None, Decimal("0.75"), Decimal("300.00"), datetime(2025, 8, 1)),
]


def _aware(moment: datetime) -> datetime:
    return moment.replace(hour=12, tzinfo=tz.utc)


@pytest.fixture
def world(db, alice, carol):
    return make_world(alice, carol)


def make_world(alice, carol):
    orgs = {
        "gent": alice.organisation,
        "bosa": carol.organisation,
        "antwerp": OrganisationFactory(name="Provincie Antwerpen", level="province", region="flanders"),
        "liege": OrganisationFactory(name="Ville de Liège", level="municipality", region="wallonia"),
    }
    authors = {"gent": alice, "bosa": carol,
               "antwerp": MemberFactory(organisation=orgs["antwerp"]), "liege": MemberFactory(organisation=orgs["liege"])}
    categories = {c.slug: c for c in ProductCategory.objects.all()}
    tenders = []
    for org, published, shared, estimated, awarded, bids, slugs, criteria in TENDERS:
        tender = TenderFactory(author=authors[org], status=Status.PUBLISHED, publication_date=published,
                               published_at=_aware(shared), estimated_value=estimated, awarded_value=awarded,
                               bids_received=bids)
        tender.categories.set([categories[slug] for slug in slugs])
        for code, used_in, weight, verification in criteria:
            apply_criterion(tender, code=code, used_in=used_in, weight=weight, verification=verification)
        tenders.append(tender)
    # Never counted: a draft, a tender sent back, and the pending edit of a published tender.
    for status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        hidden = TenderFactory(author=alice, status=status, publication_date=date(2024, 1, 1), estimated_value=9_999_999,
                               bids_received=40)
        apply_criterion(hidden, code="FAIR-EW", used_in="award", weight=50, verification="label")
        hidden.categories.set([categories["laptops"]])
    TenderFactory(author=alice, status=Status.SUBMITTED, revision_of=tenders[0], publication_date=date(2023, 3, 1),
                  estimated_value=1)
    practices = []
    for org, devices, lifetime, co2e, money, shared in PRACTICES:
        practices.append(PracticeFactory(
            author=authors[org], status=Status.PUBLISHED, published_at=_aware(shared), devices_reused=devices,
            lifetime_extension_years=lifetime, co2e_avoided_tonnes=co2e, money_saved_eur=money))
    PracticeFactory(author=alice, status=Status.DRAFT, devices_reused=10_000, money_saved_eur=Decimal(1_000_000))

    now = timezone.now()
    members = {
        "bob": MemberFactory(organisation=orgs["gent"], last_login=now - timedelta(days=400)),
        "old": MemberFactory(organisation=orgs["liege"], last_login=None),
        "gone": MemberFactory(organisation=orgs["bosa"], is_active=False, last_login=now),
    }
    for member, days in ((alice, 3), (carol, 200), (authors["antwerp"], 10), (authors["liege"], 364)):
        member.last_login = now - timedelta(days=days)
        member.save(update_fields=["last_login"])

    # Downloads: two documents of published tenders (one in Flanders, one in Wallonia), one of a practice.
    downloaded = []
    for entry, name in ((tenders[0], "gent.pdf"), (tenders[9], "liege.pdf"), (practices[0], "practice.pdf")):
        downloaded.append(documents.attach(entry, SimpleUploadedFile(name, pdf_bytes()), doc_type="specification",
                                           language="nl", by=entry.author))
    return {"orgs": orgs, "tenders": tenders, "practices": practices, "members": members, "documents": downloaded}
