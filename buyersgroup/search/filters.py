"""The one filter definition of search: the page, the exports and the digests use these.

``EntryFilter`` holds what every kind of entry shares (words, category, criterion,
organisation, language, year); ``TenderFilter`` and ``PracticeFilter`` add their own.
A value that does not validate (an unknown code, "abc" for a year) is left out of
``form.cleaned_data`` by the form: the filter is ignored and the page says so.

Facets (``FACETS``): the choices whose counts are shown, each choice with the Q that
selects it, so the counts are computed in one aggregate per query (buyersgroup.search.facets).
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.choices import KeptChoicesMixin, forget_on_change
from buyersgroup.core.db import InArray
from buyersgroup.core.widgets import FastSelect
from buyersgroup.members.models import GovernmentLevel, Language, Organisation, Region
from buyersgroup.search import query
from buyersgroup.taxonomy.cpv import cpv_prefix, normalise_cpv
from buyersgroup.taxonomy.models import Criterion, Pillar, ProductCategory
from practices.models import PracticeType, Theme
from tenders.models import ContractType, CriterionUse, ProcedureType, Stage, Tender

YEARS = (1990, 2100)


def _checkboxes(label, choices, **extra):
    return django_filters.MultipleChoiceFilter(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, method="filter_facet", **extra
    )


class CpvField(forms.CharField):
    """A CPV code as people write it (30213100-5, 30.21.31.00), or the first digits of one (302, 3021):
    cleaned to what every code of its family starts with (taxonomy.cpv.cpv_prefix)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        if value.isdigit() and 2 <= len(value) < 8:  # the first digits of a code: its family
            return cpv_prefix(value.ljust(8, "0"))
        try:
            return cpv_prefix(normalise_cpv(value))
        except ValidationError:
            raise ValidationError(_("“%(value)s” is not a CPV code."), params={"value": value[:20]}) from None


class CpvFilter(django_filters.CharFilter):
    field_class = CpvField


class AtMost(MaxValueValidator):
    """At most ``limit_value``, said as the reader writes numbers ("1.000,5" in Dutch)."""

    def __call__(self, value):
        if value is not None and value > self.limit_value:
            raise ValidationError(self.message, code=self.code,
                                  params={"limit": number_format(self.limit_value, force_grouping=True)})


class AmountFilter(django_filters.NumberFilter):
    """An amount in euros, up to the largest a tender's value holds: django-filter's own limit, 1e50,
    would be said as "less than or equal to 1e+50"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, **kwargs)

    def get_max_validator(self):
        field = Tender._meta.get_field("estimated_value")
        largest = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(1).scaleb(-field.decimal_places)
        return AtMost(largest, message=_("Enter an amount of at most %(limit)s EUR."))


# --- reference choices, kept a few minutes (core.choices) ---------------------------------
forget_on_change(ProductCategory, Criterion, Organisation)


def ticked(values) -> bool:
    """Whether a facet's cleaned value ticks anything. A model choice left empty is ``queryset.none()``,
    which ``bool()`` would compile, as if to run it, to find it empty (four times a search of both kinds)."""
    return not values.query.is_empty() if isinstance(values, QuerySet) else bool(values)


def _ids(values) -> list:
    """The primary keys of a facet's ticked ``values`` (model instances, or their keys)."""
    return [getattr(value, "pk", value) for value in values]


def _of_organisations(field, values):
    """Entries of the organisations whose ``field`` (level, region) is any of ``values``. Their ids
    are found first (core.db.InArray), not joined: joined, PostgreSQL matched a search's words once
    per organisation (a bitmap of both GIN indexes for each of 43 municipalities of Flanders: 27 ms)."""
    organisations = Organisation.objects.filter(**{f"{field}__in": values}).order_by().values("pk")
    return Q(InArray(F("organisation"), organisations))


# The filters read from the ids an entry's row keeps (buyersgroup.search.indexing), which the facets
# count too, through a GIN index of them (entries.models.classification_indexes): found through the
# link tables, a ticked category made PostgreSQL read its 10,000 tenders' links and check the words
# of each, or walk the words' matches one key at a time ('laptop' with a category and a criterion:
# 250 ms; now 13).
ROW_IDS = {"category": "category_ids", "criterion": "criterion_ids"}


class EntryFilter(KeptChoicesMixin, django_filters.FilterSet):
    """What every kind shares. ``model_paths`` says how each kind reaches it."""

    kept_choices = ("category", "criterion", "organisation")
    # How the words are matched (buyersgroup.search.query.matching); see words_matched_by().
    words_match = query.BY_IDS

    q = django_filters.CharFilter(label=_("Words"), method="filter_words", widget=forms.SearchInput)
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Product category"), queryset=ProductCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple, method="filter_facet",
    )
    criterion = django_filters.ModelMultipleChoiceFilter(
        label=_("Criterion"), queryset=Criterion.objects.all(), widget=forms.CheckboxSelectMultiple,
        method="filter_facet",
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), field_name="organisation",
        empty_label=_("All organisations"), widget=FastSelect,
    )
    language = _checkboxes(_("Language"), Language.choices)
    year_min = django_filters.NumberFilter(label=_("From year"), method="filter_year",
                                           min_value=YEARS[0], max_value=YEARS[1])
    year_max = django_filters.NumberFilter(label=_("To year"), method="filter_year",
                                           min_value=YEARS[0], max_value=YEARS[1])

    @property
    def paths(self) -> dict:
        """How this filter set's kind reaches a shared filter."""
        return PATHS[self.queryset.model._meta.label_lower]

    def facet_q(self, name, value) -> Q:
        """The condition one choice of a facet puts on the entries (also used to count it)."""
        if name in ROW_IDS:
            return Q(**{f"{ROW_IDS[name]}__contains": _ids([value])})
        # A tender's criteria, their pillars and where it used them are kept on its row
        # (buyersgroup.search.indexing): a condition on the row, not a lookup in its applied criteria
        # per entry (a broad search with these ticked read each match's criteria once per facet counted).
        if name == "pillar":
            return Q(criterion_pillars__contains=[value])
        if name == "used_in":
            return Q(criterion_uses__contains=[value])
        if name in ("level", "region"):
            return _of_organisations(name, [value])
        if name == "theme":
            return Q(themes__contains=[value])
        # The languages of an entry's documents are kept on it by the database (search migration 0004):
        # a condition on the entry's own row, not a lookup in its documents per entry.
        if name == "doc_language":
            return Q(document_languages__contains=[value]) | Q(uploaded_languages__contains=[value])
        if name == "has_documents":
            return ~Q(uploaded_languages=[]) if value == "yes" else Q(uploaded_languages=[])
        return Q(**{self.filters[name].field_name if name in self.filters else name: value})

    def filter_facet(self, queryset, name, values):
        return queryset.filter(self.facet_condition(name, values)) if ticked(values) else queryset

    def facet_condition(self, name, values) -> Q:
        """The entries any of the ticked ``values`` of a facet selects (also counted with it)."""
        if name in ROW_IDS:  # any of the ticked values: one condition
            return Q(**{f"{ROW_IDS[name]}__overlap": _ids(values)})
        if name in ("level", "region"):
            return _of_organisations(name, list(values))
        condition = Q()
        for value in values:
            condition |= self.facet_q(name, value)
        return condition

    def filter_words(self, queryset, name, value):
        text = query.clean(value)
        if not query.has_words(text):
            return queryset
        return query.matching(queryset, text, self.words_match)

    @contextmanager
    def words_matched_by(self, how: str):
        """Querysets built meanwhile (``queryset_without``) match the words ``how`` (query.matching)."""
        self.words_match = how
        try:
            yield self
        finally:
            self.words_match = query.BY_IDS

    def every_match(self, *skip: str):
        """``queryset_without(*skip)`` for a statement that reads every match (the facets, the number of
        matches, the matches ranked): the words a condition on each entry's row, each match's row read
        once, as every other filter's. Found through the indexes of words (query.EVERY) unless a category
        or a criterion is ticked: their indexes then find few entries, whose words PostgreSQL checks
        (the words' bitmap of 'laptop' would take 34 of the 47 ms of its ranked page with the two ticked;
        5 without). Without ``skip``, built once."""
        if not skip and hasattr(self, "_every_match"):
            return self._every_match
        self.form.is_valid()  # validated once (the filters applied are its cleaned data)
        data = self.form.cleaned_data
        how = query.IN_ROW if any(ticked(data.get(name)) for name in ROW_IDS) else query.EVERY
        with self.words_matched_by(how):
            queryset = self.queryset_without(*skip)
        if not skip:
            self._every_match = queryset
        return queryset

    def filter_year(self, queryset, name, value):
        lookup = "gte" if name == "year_min" else "lte"
        return queryset.filter(**{f"{self.paths['year']}__{lookup}": int(value)})

    def queryset_without(self, *skip: str):
        """The queryset filtered by every valid filter except those named in ``skip`` (none: every filter)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class TenderFilter(EntryFilter):
    pillar = _checkboxes(_("Pillar"), Pillar.choices)
    used_in = _checkboxes(_("Where the criterion was used"), CriterionUse.choices)
    level = _checkboxes(_("Government level"), GovernmentLevel.choices)
    region = _checkboxes(_("Region"), Region.choices)
    procedure = _checkboxes(_("Procedure"), ProcedureType.choices, field_name="procedure_type")
    contract = _checkboxes(_("Contract type"), ContractType.choices, field_name="contract_type")
    stage = _checkboxes(_("Stage"), Stage.choices, field_name="stage")
    value_min = AmountFilter(label=_("Value from (EUR)"), method="filter_value")
    value_max = AmountFilter(label=_("Value up to (EUR)"), method="filter_value")
    # The last of the fields, so that the codes to pick it from (search_tags.cpv_tree) follow it.
    cpv = CpvFilter(label=_("CPV code"), method="filter_cpv",
                    help_text=_("A parent code, or its first digits, finds all its descendants: 30200000 or 302."))
    doc_language = _checkboxes(_("Document language"), Language.choices)
    has_documents = _checkboxes(_("Documents"), [("yes", _("With documents")), ("no", _("Without documents"))])

    def filter_cpv(self, queryset, name, prefix):
        """The tenders whose main code or a further one starts with ``prefix`` (a code's significant
        digits, as CpvFilter cleans it): those holding it among their codes' first digits, written with
        them (``Tender.cpv_prefixes``), which the CPV picker counts too (buyersgroup.search.facets)."""
        if not prefix:
            return queryset
        return queryset.filter(cpv_prefixes__contains=[prefix])

    def filter_value(self, queryset, name, value):
        lookup = "gte" if name == "value_min" else "lte"
        return queryset.alias(shown_value=Coalesce("awarded_value", "estimated_value")).filter(
            **{f"shown_value__{lookup}": value})


class PracticeFilter(EntryFilter):
    practice_type = _checkboxes(_("Type"), PracticeType.choices, field_name="practice_type")
    theme = _checkboxes(_("Theme"), Theme.choices)


# The filter set of each kind (buyersgroup.search.service.Search, the API, the OCDS export).
KIND_FILTERS = {"tenders": TenderFilter, "practices": PracticeFilter}
# What a script is told of a filter of the other kind (the API's and the OCDS export's 400).
NOT_A_FILTER_HERE = {"tenders": _("Not a filter of this list: it filters tenders only."),
                     "practices": _("Not a filter of this list: it filters practices only.")}


def other_kinds_filters(params, form) -> dict[str, str]:
    """The parameters of ``params`` that ``form`` does not filter by but another kind's filter set does
    (a region asked of practices), each with that kind: not used, which the page and the API say."""
    found = {}
    for name in dict.fromkeys(params):
        if name in form.fields or not any(value.strip() for value in params.getlist(name)):
            continue
        kind = next((kind for kind, filterset in KIND_FILTERS.items() if name in filterset.base_filters), None)
        if kind is not None:
            found[name] = kind
    return found


def filter_label(name: str) -> str:
    """The label of the filter ``name`` of whichever kind has it (the parameter itself if none has)."""
    for filterset in KIND_FILTERS.values():
        if name in filterset.base_filters:
            return str(filterset.base_filters[name].label)
    return name


def errors_for_scripts(form, unused: dict[str, str], params=None, known=()) -> dict[str, list[str]]:
    """What the API and the OCDS export answer with a 400, by parameter: the values that do not
    validate, the filters of the other kind (``unused``, from ``other_kinds_filters``), and any other
    parameter of ``params`` that is neither a filter of ``form`` nor ``known`` (paging, order): a
    misspelt filter would otherwise list everything, as if it had been applied."""
    errors = {**{name: [str(error) for error in errors] for name, errors in form.errors.items()},
              **{name: [str(NOT_A_FILTER_HERE[kind])] for name, kind in unused.items()}}
    allowed = [*form.fields, *known]
    for name in dict.fromkeys(params or ()):
        if name not in allowed and name not in unused:
            errors[name] = [_("Not a parameter of this list. Its parameters are: %(names)s.") % {
                "names": ", ".join(allowed)}]
    return errors


PATHS = {
    "tenders.tender": {"year": "publication_date__year"},
    "practices.practice": {"year": "published_at__year"},
}

# Facets shown with counts, per filter set, in the order of the form.
FACETS = {
    EntryFilter: ("category", "criterion", "language"),
    TenderFilter: ("category", "pillar", "criterion", "used_in", "level", "region", "procedure", "contract", "stage",
                   "doc_language", "has_documents", "language"),
    PracticeFilter: ("practice_type", "theme", "category", "criterion", "language"),
}
