import pytest

from tests.tenders.factories import TenderFactory


@pytest.fixture
def make_tender(alice):
    def make(status="draft", author=None, **fields):
        return TenderFactory(author=author or alice, status=status, **fields)

    return make
