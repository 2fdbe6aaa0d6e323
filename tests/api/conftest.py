import pytest
from django.core.cache import caches

from buyersgroup.api.models import ApiToken
from buyersgroup.moderation.models import Status
from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory


@pytest.fixture(autouse=True)
def empty_entry_cache():
    """What an app server keeps of entries (items, counts) starts empty in each test, and ends so."""
    caches["entry_content"].clear()
    yield
    caches["entry_content"].clear()


@pytest.fixture
def token(alice):
    """alice's token: (row, secret)."""
    return ApiToken.issue(alice, "Report script")


@pytest.fixture
def api(client, token):
    """A client that sends alice's token with every request."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token[1]}"
    return client


@pytest.fixture
def publish(alice):
    def make(kind="tender", **fields):
        from django.utils import timezone

        factory = PracticeFactory if kind == "practice" else TenderFactory
        fields.setdefault("author", alice)
        return factory(status=Status.PUBLISHED, published_at=fields.pop("published_at", None) or timezone.now(),
                       **fields)

    return make
