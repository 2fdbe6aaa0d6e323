"""A name the search vectors hold (an organisation's, a category's, a criterion's, a CPV code's
label) is found under its new spelling once it is changed, and no longer under the old one:
buyersgroup.search.indexing.refresh_named, a task run after the change commits."""

import pytest
from django.core.cache import caches
from django.http import QueryDict

from buyersgroup.search import query
from buyersgroup.search.service import Search
from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory
from practices.models import Practice
from tenders.models import Tender
from tests.tenders.factories import apply_criterion

pytestmark = pytest.mark.django_db


def found(text, model=Tender):
    return set(query.matching(model.objects.published(), text).values_list("title", flat=True))


def test_a_renamed_organisation_is_found_by_its_new_name(publish, alice, fedorg, django_capture_on_commit_callbacks):
    organisation = alice.organisation
    publish(title="Laptops voor de scholen", language="nl")
    publish(kind="practice", title="Lessen over laptops", language="nl")
    co_bought = publish(title="Gedeelde servers", language="nl", organisation=fedorg)
    co_bought.co_buyers.add(organisation)
    publish(title="Printers elders", language="nl", organisation=fedorg)
    assert Search(QueryDict("q=Kwartelmeer"), alice).count() == 0  # kept until something changes

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organisation.name = "Gemeente Kwartelmeer"
        organisation.save()
    assert len(callbacks) == 1
    assert found("Kwartelmeer") == {"Laptops voor de scholen", "Gedeelde servers"}
    assert found("Kwartelmeer", Practice) == {"Lessen over laptops"}
    assert Search(QueryDict("q=Kwartelmeer"), alice).count() == 3  # the kept count followed
    assert found("Gent") == set()  # its old name, "Stad Gent", is gone
    assert found("BOSA") == {"Gedeelde servers", "Printers elders"}


def test_saving_an_unchanged_name_rebuilds_nothing(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        alice.organisation.level = "federal"
        alice.organisation.save()
    assert callbacks == []


def test_a_renamed_category_criterion_and_cpv_label_are_found_in_each_language(
        publish, django_capture_on_commit_callbacks):
    category = ProductCategory.objects.filter(is_active=True).first()
    criterion = Criterion.objects.first()
    tender = publish(title="Toestellen", language="nl", main_cpv_id="30213100")
    tender.categories.add(category)
    apply_criterion(tender, code=criterion.code)
    practice = publish(kind="practice", title="Richtlijn toestellen", language="nl")
    practice.categories.add(category)
    practice.criteria.add(criterion)
    publish(title="Iets anders", language="nl", main_cpv_id="32250000")
    assert found("Zwaluwnest") == set()

    with django_capture_on_commit_callbacks(execute=True):
        category.name_fr = "Nids d'hirondelle"
        category.save()
    assert found("hirondelle") == {"Toestellen"} and found("hirondelle", Practice) == {"Richtlijn toestellen"}
    with django_capture_on_commit_callbacks(execute=True):
        criterion.name_nl = "Zwaluwnest"
        criterion.save()
    assert found("Zwaluwnest") == {"Toestellen"} and found("Zwaluwnest", Practice) == {"Richtlijn toestellen"}
    cpv = CpvCode.objects.get(code="30213100")
    with django_capture_on_commit_callbacks(execute=True):
        cpv.label_en = "Swallowtail computers"
        cpv.save()
    assert found("swallowtail") == {"Toestellen"}
