"""Filter sets with kept choices (core.choices.KeptChoicesMixin): their own filters and fields, shared choices."""

import pytest
from django.http import QueryDict

from buyersgroup.search.filters import TenderFilter
from tenders.models import Tender
from tests.tenders.factories import TenderFactory

pytestmark = pytest.mark.django_db


def test_each_filter_set_has_its_own_filters_and_fields_and_shares_the_choices():
    first = TenderFilter(QueryDict("procedure=open&year_min=2019"), queryset=Tender.objects.all())
    second = TenderFilter(QueryDict("procedure=restricted&year_min=abc"), queryset=Tender.objects.all())
    for name in first.filters:
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first and second.filters[name].parent is second
        assert first.form.fields[name] is not second.form.fields[name]
        assert first.form.fields[name].widget is not second.form.fields[name].widget
    # a choice list no one changes in place is shared, not copied for each request
    assert first.form.fields["procedure"].choices is second.form.fields["procedure"].choices
    # each form validates its own data: the second's year is refused, the first's is not
    assert first.form.is_valid() and first.form.cleaned_data["procedure"] == ["open"] and first.form.cleaned_data["year_min"] == 2019
    assert second.form.errors == {"year_min": ["Enter a number."]}
    # a form's choices replaced (as kept choices are) are its own
    first.form.fields["procedure"].choices = [("open", "Open")]
    assert len(second.form.fields["procedure"].choices) > 1
    assert len(TenderFilter(QueryDict(""), queryset=Tender.objects.all()).form.fields["procedure"].choices) > 1


def test_a_filter_method_filters_with_its_own_filter_set(alice):
    TenderFactory(author=alice, procedure_type="open", title="Open one")
    TenderFactory(author=alice, procedure_type="restricted", title="Restricted one")
    open_only = TenderFilter(QueryDict("procedure=open"), queryset=Tender.objects.all())
    restricted_only = TenderFilter(QueryDict("procedure=restricted"), queryset=Tender.objects.all())
    assert [t.title for t in open_only.qs] == ["Open one"]
    assert [t.title for t in restricted_only.qs] == ["Restricted one"]
    assert open_only.filters["procedure"].filter.f is open_only.filters["procedure"]
