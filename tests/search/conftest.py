import pytest

from buyersgroup.moderation.models import Status
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory


@pytest.fixture
def publish(alice):
    """A published tender (or practice with kind="practice") of alice's organisation."""

    def make(kind="tender", **fields):
        factory = PracticeFactory if kind == "practice" else TenderFactory
        fields.setdefault("author", alice)
        return factory(status=Status.PUBLISHED, published_at=fields.pop("published_at", None) or _now(), **fields)

    return make


def _now():
    from django.utils import timezone

    return timezone.now()
