import pytest
from django.utils import timezone, translation

from buyersgroup.moderation.models import Status
from practices.models import Theme
from tests.practices.factories import PracticeFactory


@pytest.mark.django_db
def test_the_practice_page_names_its_themes(client, alice, carol):
    practice = PracticeFactory(author=alice, status=Status.PUBLISHED, published_at=timezone.now(),
                               themes=[Theme.TAKE_BACK, Theme.TCO])
    client.force_login(carol)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "<dt>Themes</dt><dd>Take-back and end of life, Total cost of ownership</dd>" in page
    with translation.override("nl"):
        assert practice.get_themes_display() == "Terugname en einde levensduur, Totale eigendomskosten"
    with translation.override("fr"):
        assert practice.get_themes_display() == "Reprise et fin de vie, Coût total de possession"
