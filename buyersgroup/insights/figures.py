"""The figures the group reports on (SPEC §8, the indicator set of the domain notes), for published tenders.

``Insights(params, user)`` reads the §4 filter query string through the search's one filter
definition (``Search`` with ``kind=tenders``: published tenders the reader may see, the
TenderFilter), so every figure follows the same filters as the search page. Each figure is a
function returning a ``Figure``: a table (the primary content; its rows hold the values as
shown, already rounded), the number of tenders (or practices, entries, members) it rests on
and an optional chart. Every figure is computed with one or two GROUP BY queries, whatever
the number of tenders; figures reading the same grouped rows share them.

Years: the year of the tender's publication date (its notice); a tender shared without a
notice date counts in the year it was published on the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Aggregate, Avg, Count, FloatField, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from buyersgroup.insights import charts

# A figure resting on fewer tenders (practices, entries, members) than this is not shown: small numbers mislead.
SMALL_NUMBERS = 5
TOP_CRITERIA = 20  # the most used criteria listed
ACTIVE_DAYS = 365  # a member is active when they logged in during this many days
# Bids received, in buckets: (label, lowest, highest or None).
BID_BUCKETS = (("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3–4", 3, 4), ("5–9", 5, 9), ("10+", 10, None))


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def shown_value():
    """A tender's value as the lists show it: awarded when known, else estimated (EUR, excl. VAT)."""
    return Coalesce("awarded_value", "estimated_value")


@dataclass
class Column:
    label: str
    kind: str = "text"  # text, count, eur, percent, number


@dataclass
class Figure:
    slug: str
    title: str
    description: str
    columns: list[Column]
    rows: list[list]
    basis: int
    unit: str = "tenders"  # what ``basis`` counts: tenders, practices, entries, members
    chart: charts.Chart | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.basis < SMALL_NUMBERS

    @property
    def basis_text(self) -> str:
        n = self.basis
        texts = {
            "tenders": ngettext("Based on %(n)s tender.", "Based on %(n)s tenders.", n),
            "practices": ngettext("Based on %(n)s practice.", "Based on %(n)s practices.", n),
            "entries": ngettext("Based on %(n)s entry.", "Based on %(n)s entries.", n),
            "members": ngettext("Based on %(n)s member.", "Based on %(n)s members.", n),
        }
        return texts[self.unit] % {"n": format_cell(n, "count")}

    @property
    def hidden_text(self) -> str:
        texts = {
            "tenders": _("Fewer than %(n)s tenders match: this figure is hidden, small numbers mislead."),
            "practices": _("Fewer than %(n)s practices match: this figure is hidden, small numbers mislead."),
            "entries": _("Fewer than %(n)s entries match: this figure is hidden, small numbers mislead."),
            "members": _("Fewer than %(n)s members match: this figure is hidden, small numbers mislead."),
        }
        return texts[self.unit] % {"n": SMALL_NUMBERS}

    def display_rows(self) -> list[list[str]]:
        return [[format_cell(value, column.kind) for value, column in zip(row, self.columns)] for row in self.rows]

    def table_rows(self) -> list[list[tuple[str, bool]]]:
        """What the page's table shows: (text, is a number) per cell."""
        numeric = [column.kind != "text" for column in self.columns]
        return [list(zip(row, numeric)) for row in self.display_rows()]

    def csv_rows(self) -> list[list]:
        """The table as a spreadsheet reads it: the header, then plain values (no grouping, a dot for decimals)."""
        if self.hidden:
            return [[self.hidden_text]]
        return [[column.label for column in self.columns]] + [
            ["" if value is None else value for value in row] for row in self.rows
        ]


# --- formatting, as each language writes numbers ---------------------------------------------

NBSP = "\xa0"
PERCENT_PATTERNS = {"fr": "{n}" + NBSP + "%", "nl": "{n}" + NBSP + "%", "en": "{n}%"}


def format_cell(value, kind: str) -> str:
    from django.utils.formats import number_format

    from buyersgroup.core.templatetags.formats import eur

    if value is None:
        return "–"
    if kind == "count":
        return number_format(value, 0, force_grouping=True)
    if kind == "eur":
        return eur(value, 0)
    if kind == "percent":
        language = (get_language() or "en").split("-")[0]
        return PERCENT_PATTERNS.get(language, PERCENT_PATTERNS["en"]).format(n=number_format(value, 0))
    if kind == "number":
        return number_format(value, force_grouping=True)
    return str(value)


def percent(part: int, whole: int) -> int | None:
    """A share as a whole percentage (half up), None when there is nothing to share."""
    if not whole:
        return None
    return int((Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whole(value) -> int | None:
    return None if value is None else int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _in_language(row: dict, prefix: str) -> str:
    language = (get_language() or "en")[:2]
    if language not in ("en", "nl", "fr"):
        language = "en"
    return row.get(f"{prefix}_{language}") or row.get(f"{prefix}_en") or ""


# --- the filtered entries ----------------------------------------------------------------------

def _pillars():
    from buyersgroup.taxonomy.models import Pillar

    return [(value, label) for value, label in Pillar.choices if value != Pillar.OTHER]


class Insights:
    """The figures for one filter query string and reader. Rows are read when a figure asks."""

    # Filters that also narrow what is not a tender (practices, members): those about an organisation.
    ORGANISATION_FILTERS = ("organisation", "level", "region")

    def __init__(self, params, user):
        from buyersgroup.search.service import Search

        params = params.copy()
        params["kind"] = "tenders"
        self.user = user
        self.search = Search(params, user)
        self.filterset = self.search.filtersets["tenders"]
        self.params = params

    @cached_property
    def tenders(self):
        return self.filterset.every_match().order_by()  # each figure reads every match

    @cached_property
    def practices(self):
        from buyersgroup.search.filters import EntryFilter
        from practices.models import Practice

        shared = EntryFilter(self.params, queryset=Practice.objects.published().visible_to(self.user)).every_match()
        return self.narrow_by_organisation(shared, ("level", "region")).order_by()

    def narrow_by_organisation(self, queryset, names=ORGANISATION_FILTERS):
        """``queryset`` (anything with an ``organisation``) narrowed by the tender filters about organisations."""
        data = getattr(self.filterset.form, "cleaned_data", {})
        for name in names:
            if data.get(name):
                queryset = self.filterset.filters[name].filter(queryset, data[name])
        return queryset

    def applied_filters(self) -> list[tuple[str, str]]:
        """(label, values) of every filter in use, in words, for the report's heading."""
        form = self.filterset.form
        data = getattr(form, "cleaned_data", {})
        applied = []
        for name, form_field in form.fields.items():
            value = data.get(name)
            if value is None or value == "":
                continue
            if hasattr(value, "model"):  # several objects (categories, criteria)
                words = [str(item) for item in value]
            elif hasattr(value, "pk"):  # one object (an organisation)
                words = [str(value)]
            elif isinstance(value, (list, tuple)):
                labels = {str(key): label for key, label in form_field.choices}
                words = [str(labels.get(str(item), item)) for item in value]
            elif name == "q":
                words = [f"“{value}”"]
            elif name.startswith("value_"):
                words = [format_cell(value, "eur")]
            elif isinstance(value, Decimal):
                words = [str(int(value))]
            else:
                words = [str(value)]
            if words:
                applied.append((str(form_field.label), ", ".join(words)))
        return applied

    # Rows shared by several figures.

    @cached_property
    def applied(self):
        """The criteria the matching tenders applied (a semi-join on the tenders: one pass over each table)."""
        from tenders.models import AppliedCriterion

        return AppliedCriterion.objects.filter(tender__in=self.tenders.values("pk")).order_by()

    @cached_property
    def year_rows(self) -> list[dict]:
        """Per notice year and portal year: tenders, their value, and the tenders applying a criterion of
        each pillar (``pillar_<pillar>``)."""
        year = Coalesce(ExtractYear("publication_date"), ExtractYear("published_at"))
        # A tender's pillars as the search's pillar filter reads them, from its row (``criterion_pillars``):
        # looking them up in its applied criteria read 300,000 of them for every published tender.
        of_pillar = self.filterset.facet_q
        pillars = {f"pillar_{pillar}": Count("pk", filter=of_pillar("pillar", pillar))
                   for pillar, _label in _pillars()}
        return list(
            self.tenders.annotate(year=year, shared_year=ExtractYear("published_at"))
            .values("year", "shared_year")
            .annotate(tenders=Count("pk"), value=Sum(shown_value()), valued=Count(shown_value()), **pillars)
            .order_by("year", "shared_year")
        )

    @cached_property
    def total(self) -> int:
        return sum(row["tenders"] for row in self.year_rows)

    @cached_property
    def organisation_rows(self) -> list[dict]:
        return list(
            self.tenders.values("organisation__level", "organisation__region")
            .annotate(tenders=Count("pk"), value=Sum(shown_value()))
            .order_by()
        )

    @cached_property
    def practice_rows(self) -> list[dict]:
        sums = {}
        for name in ("devices_reused", "lifetime_extension_years", "co2e_avoided_tonnes", "money_saved_eur"):
            sums[f"{name}_sum"] = Sum(name)
            sums[f"{name}_n"] = Count(name)
        return list(self.practices.annotate(year=ExtractYear("published_at")).values("year")
                    .annotate(practices=Count("pk"), **sums).order_by("year"))


# --- the figures -------------------------------------------------------------------------------

def _year_label(year) -> str:
    return str(year) if year is not None else _("Year not known")


def tenders_per_year(insights: Insights) -> Figure:
    years: dict = {}
    for row in insights.year_rows:
        entry = years.setdefault(row["year"], {"tenders": 0, "value": Decimal(0), "valued": 0})
        entry["tenders"] += row["tenders"]
        entry["value"] += row["value"] or 0
        entry["valued"] += row["valued"]
    rows = [[_year_label(year), e["tenders"], whole(e["value"]) if e["valued"] else None, e["valued"]]
            for year, e in years.items()]
    columns = [Column(_("Year")), Column(_("Tenders"), "count"), Column(_("Value (EUR)"), "eur"),
               Column(_("Tenders with a known value"), "count")]
    chart = charts.bar_chart([(None, [(r[0], r[1], format_cell(r[1], "count")) for r in rows])])
    return Figure("tenders-per-year", _("Tenders per year"),
                  _("Published tenders by the year of their notice, with their value: the awarded value when known, "
                    "else the estimated value (EUR, excluding VAT)."),
                  columns, rows, insights.total, chart=chart)


def pillars_per_year(insights: Insights) -> Figure:
    pillars = _pillars()
    years: dict = {}
    for row in insights.year_rows:
        entry = years.setdefault(row["year"], {"tenders": 0, **{p: 0 for p, _l in pillars}})
        entry["tenders"] += row["tenders"]
        for pillar, _label in pillars:
            entry[pillar] += row[f"pillar_{pillar}"]
    totals = {key: sum(e[key] for e in years.values()) for key in ["tenders", *(p for p, _l in pillars)]}
    rows = [[_year_label(year), e["tenders"], *(percent(e[p], e["tenders"]) for p, _l in pillars)]
            for year, e in years.items()]
    if len(years) > 1:
        rows.append([_("All years"), totals["tenders"], *(percent(totals[p], totals["tenders"]) for p, _l in pillars)])
    columns = [Column(_("Year")), Column(_("Tenders"), "count")] + [
        Column(_("%(pillar)s (%%)") % {"pillar": label}, "percent") for _p, label in pillars]
    groups = [(row[0], [(str(label), row[2 + i] or 0, format_cell(row[2 + i], "percent"))
                        for i, (_p, label) in enumerate(pillars)]) for row in rows]
    return Figure("pillars-per-year", _("Share of tenders applying a criterion of each pillar"),
                  _("The headline indicator: of the tenders of a year, the share applying at least one criterion "
                    "of each pillar."),
                  columns, rows, insights.total, chart=charts.bar_chart(groups, maximum=100, series=True))


def most_used_criteria(insights: Insights) -> Figure:
    from tenders.models import CriterionUse

    uses = [use for use, _label in CriterionUse.choices]
    order = [CriterionUse.SPECIFICATION, CriterionUse.AWARD, CriterionUse.CONTRACT_CLAUSE, CriterionUse.SELECTION,
             CriterionUse.MARKET_CONSULTATION]
    assert set(order) == set(uses)
    from buyersgroup.taxonomy.models import Criterion, Pillar

    # Grouped by the criterion's id alone, every criterion used (a few dozen), their codes and names read
    # after, one query more: grouped by them, PostgreSQL sorted the 271,000 applied criteria of 90,000
    # tenders with the names in three languages, on disk (this statement 625 -> 317 ms, in process).
    found = list(
        insights.applied.values("criterion")
        .annotate(tenders=Count("tender", distinct=True),
                  weight=Avg("weight", filter=Q(used_in=CriterionUse.AWARD)),
                  **{f"use_{use}": Count("tender", distinct=True, filter=Q(used_in=use)) for use in uses})
        .order_by()
    )
    criteria = Criterion.objects.only("code", "pillar", "name_en", "name_nl", "name_fr").in_bulk(
        [row["criterion"] for row in found])
    found.sort(key=lambda row: (-row["tenders"], criteria[row["criterion"]].code))
    pillar_names = dict(_pillars())
    pillar_names[Pillar.OTHER] = Pillar.OTHER.label
    rows = []
    for row in found[:TOP_CRITERIA]:
        criterion = criteria[row["criterion"]]
        cells = [f"{criterion.code} — {criterion.name}",  # in the reader's language (Criterion.name)
                 str(pillar_names.get(criterion.pillar, criterion.pillar)), row["tenders"]]
        for use in order:
            cells.append(row[f"use_{use}"])
            if use == CriterionUse.AWARD:
                cells.append(one_decimal(row["weight"]))
        rows.append(cells)
    labels = dict(CriterionUse.choices)
    columns = [Column(_("Criterion")), Column(_("Pillar")), Column(_("Tenders"), "count")]
    for use in order:
        columns.append(Column(str(labels[use]), "count"))
        if use == CriterionUse.AWARD:
            columns.append(Column(_("Average award weight (%)"), "number"))
    chart = charts.bar_chart([(None, [(r[0], r[2], format_cell(r[2], "count")) for r in rows])])
    return Figure("criteria", _("Most used criteria and where they are used"),
                  _("The %(n)s criteria applied by the most tenders; then, per place in the procedure, the number of "
                    "tenders using the criterion there, and the average weight when it was an award criterion.")
                  % {"n": TOP_CRITERIA},
                  columns, rows, insights.total, chart=chart)


def _breakdown(insights, key: str, choices, slug: str, title: str, heading: str, description: str) -> Figure:
    totals: dict = {}
    for row in insights.organisation_rows:
        entry = totals.setdefault(row[key], {"tenders": 0, "value": Decimal(0), "valued": False})
        entry["tenders"] += row["tenders"]
        if row["value"] is not None:
            entry["value"] += row["value"]
            entry["valued"] = True
    rows = [[str(label), totals[value]["tenders"], whole(totals[value]["value"]) if totals[value]["valued"] else None]
            for value, label in choices if value in totals]
    return _breakdown_figure(slug, title, heading, rows, insights.total, description)


def _breakdown_figure(slug, title, heading, rows, basis, description, notes=()) -> Figure:
    columns = [Column(heading), Column(_("Tenders"), "count"), Column(_("Value (EUR)"), "eur")]
    chart = charts.bar_chart([(None, [(r[0], r[1], format_cell(r[1], "count")) for r in rows])])
    return Figure(slug, title, description, columns, rows, basis, chart=chart, notes=list(notes))


def by_government_level(insights: Insights) -> Figure:
    from buyersgroup.members.models import GovernmentLevel

    return _breakdown(insights, "organisation__level", GovernmentLevel.choices, "government-levels",
                      _("Tenders by government level"), _("Government level"),
                      _("Published tenders by the government level of the buying organisation."))


def by_region(insights: Insights) -> Figure:
    from buyersgroup.members.models import Region

    return _breakdown(insights, "organisation__region", Region.choices, "regions", _("Tenders by region"), _("Region"),
                      _("Published tenders by the region of the buying organisation."))


def by_category(insights: Insights) -> Figure:
    found = list(
        insights.tenders.values("categories__ordering", "categories__slug", "categories__name_en",
                                "categories__name_nl", "categories__name_fr")
        .annotate(tenders=Count("pk"), value=Sum(shown_value()), valued=Count(shown_value()))
        .order_by("-tenders", "categories__ordering", "categories__slug")
    )
    rows = [[_in_language(row, "categories__name") if row["categories__slug"] else _("No product category"),
             row["tenders"], whole(row["value"]) if row["valued"] else None] for row in found]
    return _breakdown_figure(
        "categories", _("Tenders by product category"), _("Product category"), rows, insights.total,
        _("Published tenders by product category."),
        [_("A tender buying in several categories counts in each of them: the rows add up to more than the total.")])


def bids_received(insights: Insights) -> Figure:
    from buyersgroup.taxonomy.models import Pillar

    buckets = {f"bucket_{i}": Count("pk", filter=Q(bids_received__gte=low) & (Q(bids_received__lte=high) if high
                                                                           is not None else Q()))
               for i, (_label, low, high) in enumerate(BID_BUCKETS)}
    known = insights.tenders.filter(bids_received__isnull=False)
    rows = []
    fair = insights.filterset.facet_q("pillar", Pillar.FAIR)  # as the search's pillar filter reads it
    for condition, label in ((fair, _("With fair or social criteria")), (~fair, _("Without fair or social criteria"))):
        row = known.filter(condition).aggregate(tenders=Count("pk"), median=Median("bids_received"), **buckets)
        rows.append([label, row["tenders"], one_decimal(row["median"]),
                     *(row[f"bucket_{i}"] for i in range(len(BID_BUCKETS)))])
    columns = [Column(_("Tenders")), Column(_("Tenders with the number of bids known"), "count"),
               Column(_("Median number of bids"), "number")] + [
        Column(ngettext("%(bids)s bid", "%(bids)s bids", high if high is not None else 10) % {"bids": label}, "count")
        for label, _low, high in BID_BUCKETS]
    groups = [(row[0], [(columns[3 + i].label, row[3 + i], format_cell(row[3 + i], "count"))
                        for i in range(len(BID_BUCKETS))]) for row in rows]
    return Figure("bids", _("Bids received, with and without fair or social criteria"),
                  _("Does asking more scare the market away? Tenders whose number of bids is known, with and without "
                    "a criterion of the fair and social pillar: the median number of bids and how many tenders "
                    "received each number."),
                  columns, rows, sum(row[1] for row in rows), chart=charts.bar_chart(groups, series=True))


def verification(insights: Insights) -> Figure:
    from tenders.models import Verification

    found = {
        row["verification"]: row for row in
        insights.applied.values("verification")
        .annotate(tenders=Count("tender", distinct=True), criteria=Count("pk")).order_by()
    }
    total = insights.total
    rows = [[str(label), found[value]["tenders"], percent(found[value]["tenders"], total), found[value]["criteria"]]
            for value, label in [*Verification.choices, ("", _("Not stated"))] if value in found]
    columns = [Column(_("Verification means")), Column(_("Tenders requiring it"), "count"),
               Column(_("Share of the tenders (%)"), "percent"), Column(_("Criteria verified this way"), "count")]
    chart = charts.bar_chart([(None, [(r[0], r[1], format_cell(r[1], "count")) for r in rows])])
    return Figure("verification", _("Labels and verification means required"),
                  _("How tenders had their criteria verified: a label or certificate (such as TCO Certified, EPEAT or "
                    "the EU Ecolabel), a self-declaration, a test report, an audit or independent monitoring."),
                  columns, rows, total, chart=chart,
                  notes=[_("Which label was asked is in each tender's criteria and documents; the portal records the "
                           "means of verification.")])


def practice_results(insights: Insights) -> Figure:
    rows_by_year = insights.practice_rows
    practices = sum(row["practices"] for row in rows_by_year)

    def total(name):
        values = [row[f"{name}_sum"] for row in rows_by_year if row[f"{name}_sum"] is not None]
        return sum(values, Decimal(0)) if values else None, sum(row[f"{name}_n"] for row in rows_by_year)

    devices, devices_n = total("devices_reused")
    lifetime, lifetime_n = total("lifetime_extension_years")
    co2e, co2e_n = total("co2e_avoided_tonnes")
    money, money_n = total("money_saved_eur")
    rows = [
        [_("Devices reused or refurbished"), whole(devices), devices_n],
        [_("Lifetime extension (years, average per practice)"),
         one_decimal(lifetime / lifetime_n) if lifetime_n else None, lifetime_n],
        [_("CO2e avoided (tonnes)"), co2e, co2e_n],
        [_("Money saved (EUR)"), whole(money), money_n],
    ]
    columns = [Column(_("Measured result")), Column(_("Total"), "number"),
               Column(_("Practices reporting it"), "count")]
    return Figure("practice-results", _("Measured results reported in practices"),
                  _("The figures published practices report, summed (the lifetime extension is averaged), with the "
                    "number of practices behind each."),
                  columns, rows, practices, unit="practices",
                  notes=[_("Practices follow the filters on words, category, criterion, organisation, language, year, "
                           "government level and region; the other filters are about tenders only."),
                         _("No chart: the results are in different units.")])


def group_activity(insights: Insights) -> Figure:
    from buyersgroup.insights.models import DocumentDownloads

    years: dict = {}
    for row in insights.year_rows:
        years.setdefault(row["shared_year"], [0, 0, 0])[0] += row["tenders"]
    for row in insights.practice_rows:
        years.setdefault(row["year"], [0, 0, 0])[1] += row["practices"]
    downloads = (
        DocumentDownloads.objects.filter(
            Q(document__content_type__app_label="tenders", document__content_type__model="tender",
              document__object_id__in=insights.tenders.values("pk"))
            | Q(document__content_type__app_label="practices", document__content_type__model="practice",
                document__object_id__in=insights.practices.values("pk")))
        .annotate(year=ExtractYear("day")).values("year").annotate(downloads=Sum("count")).order_by()
    )
    for row in downloads:
        years.setdefault(row["year"], [0, 0, 0])[2] += row["downloads"]
    rows = [[_year_label(year), *counts] for year, counts in sorted(years.items(), key=lambda i: (i[0] is None, i[0]))]
    columns = [Column(_("Year")), Column(_("Tenders shared"), "count"), Column(_("Practices published"), "count"),
               Column(_("Document downloads"), "count")]
    groups = [(row[0], [(columns[1].label, row[1], format_cell(row[1], "count")),
                        (columns[2].label, row[2], format_cell(row[2], "count"))]) for row in rows]
    return Figure("activity", _("The group's activity"),
                  _("Entries published on the portal each year (by the date they were published there), and how "
                    "often their documents were downloaded. Downloads are counted per document and day, without "
                    "recording who downloaded."),
                  columns, rows, sum(r[1] + r[2] for r in rows), unit="entries",
                  chart=charts.bar_chart(groups, series=True))


def active_members(insights: Insights) -> Figure:
    from buyersgroup.members.models import GovernmentLevel, Member

    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    members = insights.narrow_by_organisation(Member.objects.filter(is_active=True, organisation__isnull=False))
    found = {
        row["organisation__level"]: row for row in
        members.values("organisation__level")
        .annotate(members=Count("pk"), active=Count("pk", filter=Q(last_login__gte=since))).order_by()
    }
    rows = [[str(label), found[value]["active"], found[value]["members"]]
            for value, label in GovernmentLevel.choices if value in found]
    columns = [Column(_("Government level")), Column(_("Active members"), "count"), Column(_("Members"), "count")]
    chart = charts.bar_chart([(None, [(r[0], r[1], format_cell(r[1], "count")) for r in rows])])
    return Figure("active-members", _("Active members per government level"),
                  _("Members who logged in during the last 12 months, per government level of their organisation, "
                    "beside all members. Counts only, no names."),
                  columns, rows, sum(r[2] for r in rows), unit="members", chart=chart,
                  notes=[_("Members follow the filters on organisation, government level and region.")])


FIGURES: dict[str, Callable[[Insights], Figure]] = {
    "tenders-per-year": tenders_per_year,
    "pillars-per-year": pillars_per_year,
    "criteria": most_used_criteria,
    "government-levels": by_government_level,
    "regions": by_region,
    "categories": by_category,
    "bids": bids_received,
    "verification": verification,
    "practice-results": practice_results,
    "activity": group_activity,
    "active-members": active_members,
}
