"""Tender-specific access checks. The full matrix of every entry URL is tests/entries/test_permission_matrix.py."""

import pytest
from django.urls import reverse

from tenders.models import Tender

PERSONAS = ["visitor", "member", "colleague", "author", "coordinator"]
STATES = ["draft", "submitted", "changes_requested", "rejected", "published", "archived"]


@pytest.fixture
def people(alice, bob, carol, cora):
    return {"visitor": None, "member": carol, "colleague": bob, "author": alice, "coordinator": cora}


def test_get_on_an_action_is_405(client, cora, make_tender):
    tender = make_tender(status="submitted")
    client.force_login(cora)
    assert client.get(reverse("tenders:act", args=[tender.pk, "publish"])).status_code == 405
    assert Tender.objects.get(pk=tender.pk).status == "submitted"


def test_unknown_action_is_404(client, cora, make_tender):
    tender = make_tender(status="submitted")
    client.force_login(cora)
    assert client.post(reverse("tenders:act", args=[tender.pk, "approve"])).status_code == 404


def test_the_visibility_filter_matches_the_per_entry_rule(people, alice, carol):
    """Lists, counts and exports use visible_entries_q; it must agree with can_view_entry exactly."""
    from buyersgroup import access
    from tests.tenders.factories import TenderFactory

    gent = {state: TenderFactory(author=alice, status=state) for state in STATES}
    bosa = {state: TenderFactory(author=carol, status=state) for state in STATES}
    published_original = gent["published"]
    revision = TenderFactory(author=alice, status="draft", revision_of=published_original)
    everything = [*gent.values(), *bosa.values(), revision]

    expected = {
        "member": {bosa[s].pk for s in STATES} | {gent["published"].pk},  # carol: her own + what is published
        "colleague": {t.pk for t in gent.values()} | {revision.pk, bosa["published"].pk},
        "author": {t.pk for t in gent.values()} | {revision.pk, bosa["published"].pk},
        # cora works at FOD BOSA too: she sees its draft as a colleague, and no one else's draft
        "coordinator": {t.pk for t in everything if t.status != "draft"} | {bosa["draft"].pk},
    }
    for persona, user in people.items():
        if user is None:
            assert not Tender.objects.filter(access.visible_entries_q(user)).exists()
            continue
        visible = set(Tender.objects.filter(access.visible_entries_q(user)).values_list("pk", flat=True))
        assert visible == expected[persona], persona
        assert visible == {t.pk for t in everything if access.can_view_entry(user, t)}, persona
