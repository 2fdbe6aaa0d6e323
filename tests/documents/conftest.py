import pytest
from django.conf import settings

from buyersgroup.moderation.models import Status
from tenders.models import Tender


def stored_files() -> list[str]:
    """Every file under this test's MEDIA_ROOT (tests/conftest.py gives each test its own)."""
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def make_tender(member, status=Status.DRAFT, **fields) -> Tender:
    return Tender.objects.create(
        title=fields.pop("title", "Refurbished laptops for schools"),
        summary="Laptops with a take-back clause.",
        procedure_type="open",
        organisation=member.organisation,
        author=member,
        status=status,
        **fields,
    )


@pytest.fixture
def draft(alice):
    return make_tender(alice)


@pytest.fixture
def published(alice):
    return make_tender(alice, status=Status.PUBLISHED, title="Published laptops")
