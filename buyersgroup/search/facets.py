"""Facet counts: every facet of a search in one SQL statement, with GROUP BY GROUPING SETS.

What each choice selects is defined once, by the filter set (``EntryFilter.facet_q``, used
when the member ticks it); here the same choices are counted the way PostgreSQL counts
fastest. The entries matching the filters are materialised once (a CTE with the columns the
facets read), then counted in one pass of GROUPING SETS, a set per facet, each facet's choices
summed from its set's groups (a GROUP BY per facet read the 86,000 matches of 'laptop' twelve
times: 390 → 305 ms of facets, measured in process on the benchmark's data). Categories,
criteria, their pillars and where they were used are read from each entry's own arrays
(``category_ids``, ``criterion_ids``, ``criterion_pillars``, ``criterion_uses``, written with its
search vector; the short lists as bit masks the database keeps with them, ``pillar_bits``...), its
documents' languages from ``uploaded_languages`` (kept by the database, and as masks), not from
the link tables or the documents: one lookup per match in each would cost more than the search itself
on a broad query (the broadest search of tenders, 51,000 matches: 840 ms of facets with them). A facet
with a ticked value is counted over the entries matching every *other* filter (so its other choices
still show what they would add): the matches are read once with a flag per ticked facet, and each
pass counts the entries holding the flags its facets need, still in the same statement.

The statement also returns the number of matching entries, which the page needs anyway, and, for
the CPV picker (search_tags.cpv_tree), how many matches each code it lists classifies, read from the
first digits of each tender's codes (``cpv_prefixes``, written with its search vector).
Tests compare these counts with counts computed in Python and with the entries each
choice's filter returns (tests/search).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from buyersgroup.members.models import Language
from buyersgroup.search.filters import ROW_IDS
from buyersgroup.search.filters import ticked as is_ticked
from buyersgroup.taxonomy.cpv import CPV_DIVISIONS, cpv_prefix
from buyersgroup.taxonomy.models import Pillar
from tenders.models import CriterionUse

TOTAL = "__total__"
# The CPV picker's codes (search_tags.cpv_tree): not a facet of the form's, but counted with them.
CPV = "cpv"


@dataclass
class Choice:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list[Choice]


def _choices(filterset, name, cache: dict | None = None):
    """(value, label) of a facet's choices. A choice list read from the database (categories,
    criteria) is read once per ``cache``, which the kinds of one search share."""
    field = filterset.form.fields[name]
    # The shared filters (buyersgroup.search.filters.EntryFilter) give every kind the same list.
    key = name if getattr(field, "queryset", None) is not None else None
    if cache is not None and key is not None and key in cache:
        return cache[key]
    choices = [(str(value), str(label)) for value, label in field.choices if value != ""]
    if cache is not None and key is not None:
        cache[key] = choices
    return choices


# The entries a search's facets count (a CTE: the entries matching the words and the filters that are
# not ticked facets, with a flag per ticked facet), and the counts of their grouping sets (``counted``,
# one CTE per combination of flags the facets need: GROUPED_0, GROUPED_1...).
MATCHED = "matched"
GROUPED = "grouped"
# The facets read from an array of a few values on each entry's row, each grouped by that array.
ARRAYS = {"theme": "themes"}
# Those read from such an array's bit mask, kept on the row with it (core.db.ArrayBits: grouped by
# integers, not arrays, 'laptop''s 85,798 matches took 65 ms of grouping instead of 180): the mask
# and the values of its bits, in order.
BITS = {"pillar": ("pillar_bits", Pillar.values), "used_in": ("use_bits", CriterionUse.values)}
LANGUAGE_BITS = ("document_language_bits", "uploaded_bits")


def _decoded(mask: str, known) -> str:
    """A LATERAL list of the values of ``known`` whose bit ``mask`` (an SQL integer) holds, as x(v)."""
    values = "{" + ",".join(known) + "}"  # constants of the code: letters, digits and underscores
    return (f", LATERAL (SELECT u.v FROM unnest('{values}'::text[]) WITH ORDINALITY AS u(v, k) "
            f"WHERE ({mask} >> (u.k::int - 1)) & 1 = 1) x(v)")


@dataclass
class _Read:
    """How one facet is counted from the grouping sets: the columns its set groups by, and the value
    each group gives (``value``, with ``join``: a table or a LATERAL list of the group's values)."""
    name: str
    columns: tuple[str, ...]
    value: str
    join: str = ""
    scalar: bool = False  # one column of a few values: grouped with the other such facets


class _Plan:
    """One statement counting every facet: the matches read once (``MATCHED``), then one pass of
    GROUP BY GROUPING SETS over those the facets count (all the filters' matches, and for each ticked
    facet those the other filters let through), a set per facet (the facets of one value per entry
    share one set, their groups still few), and each facet's choices summed from its set's groups. The
    ids of a growing taxonomy (categories, criteria) are unnested per match instead: grouped by their
    lists, the groups would be nearly as many as the matches."""

    def __init__(self, filterset, ticked: list[str]):
        self.filterset = filterset
        self.model = filterset.queryset.model
        self.columns: list[str] = []  # Django field names carried by MATCHED
        self.flag_of = {name: f"ticked_{index}" for index, name in enumerate(ticked, start=1)}

    def carry(self, field_name: str) -> str:
        if field_name not in self.columns:
            self.columns.append(field_name)
        return self.model._meta.get_field(field_name).column

    def flags(self, name: str | None) -> list[str]:
        """The flags an entry counted for facet ``name`` holds: those of every ticked facet but its own
        (a ticked facet's choices are counted over the entries the *other* filters let through)."""
        return [flag for ticked, flag in self.flag_of.items() if ticked != name]

    def unnested(self, name: str) -> str | None:
        """The column of ids unnested per match to count facet ``name``, if it is counted so."""
        return self.carry(f"{name}_ids") if name in ("category", "criterion") else None

    def read(self, name: str) -> _Read:
        if name in BITS:
            field_name, known = BITS[name]
            column = self.carry(field_name)
            return _Read(name, (column,), "x.v", _decoded(f"g.{column}", known))
        if name in ARRAYS:
            column = self.carry(ARRAYS[name])
            return _Read(name, (column,), "x.v::text", f", LATERAL (SELECT DISTINCT unnest(g.{column})) x(v)")
        if name in ("doc_language", "has_documents"):
            # The languages its author gave, or of its uploaded documents (kept on the entry by the
            # database), and those uploaded alone: every document has a language, none uploaded means none.
            given, uploaded = (self.carry(field_name) for field_name in LANGUAGE_BITS)
            if name == "has_documents":
                return _Read(name, (given, uploaded), f"CASE WHEN g.{uploaded} <> 0 THEN 'yes' ELSE 'no' END")
            return _Read(name, (given, uploaded), "x.v", _decoded(f"g.{given}", Language.values))
        if name in ("level", "region"):
            # Grouped by organisation (a few hundred), then joined: not one lookup per match.
            column = self.carry("organisation")
            return _Read(name, (column,), f"o.{name}", f" JOIN members_organisation o ON o.id = g.{column}")
        field_name = self.filterset.filters[name].field_name if name in self.filterset.filters else name
        column = self.carry(field_name)
        return _Read(name, (column,), f"g.{column}::text", scalar=True)

    def statement(self, names, cpv_prefixes=()) -> tuple[list[str], list[str], list]:
        """The CTEs counting MATCHED and the SELECTs of the facets ``names``, of the number of matches
        and of the CPV codes ``cpv_prefixes`` (``counted``), and the parameters of those SELECTs."""
        selects, params = [], []
        reads: dict[tuple[str, ...], list[_Read]] = {}  # by the flags their entries hold
        if cpv_prefixes and all(len(prefix) == 2 for prefix in cpv_prefixes):
            # The divisions, over every match: a few a tender, grouped by their masks like the pillars.
            column = self.carry("division_bits")
            reads.setdefault(tuple(self.flags(None)), []).append(
                _Read(CPV, (column,), "x.v", _decoded(f"g.{column}", CPV_DIVISIONS)))
        elif cpv_prefixes:
            # A code's narrower codes, over the matches the CPV filter already kept to that code's family:
            # each tender holds each of its codes' first digits once.
            column = self.carry("cpv_prefixes")
            selects.append(f"SELECT '{CPV}', v::text, count(*) FROM (SELECT unnest(m.{column}) AS v FROM {MATCHED} m"
                           f"{_where(self.flags(None))}) p WHERE v = ANY(%s) GROUP BY v")
            params.append(list(cpv_prefixes))
        for name in names:
            flags = tuple(self.flags(name))
            column = self.unnested(name)
            if column:
                selects.append(f"SELECT '{name}', v::text, count(*) FROM (SELECT unnest(m.{column}) AS v "
                               f"FROM {MATCHED} m{_where(flags)}) p GROUP BY v")
            else:
                reads.setdefault(flags, []).append(self.read(name))
        reads.setdefault(tuple(self.flags(None)), []).append(_Read(TOTAL, (), "''"))
        ctes = []
        for index, (flags, its_reads) in enumerate(reads.items()):
            # One pass over the entries holding ``flags``, a grouping set per facet; the scalars share one.
            scalars = tuple(dict.fromkeys(column for read in its_reads if read.scalar for column in read.columns))
            set_of = {read.name: scalars if read.scalar else read.columns for read in its_reads}
            sets = list(dict.fromkeys(set_of.values()))
            grouped = list(dict.fromkeys(column for columns in sets for column in columns))
            assert len(grouped) < 32, "GROUPING() takes at most 31 columns"
            listed = ", ".join(grouped)
            cte = f"{GROUPED}_{index}"
            ctes.append(f"{cte} AS MATERIALIZED (SELECT {f'GROUPING({listed})' if grouped else '0'} AS gs, "
                        f"{listed + ', ' if grouped else ''}count(*) AS n FROM {MATCHED} m{_where(flags)} "
                        f"GROUP BY GROUPING SETS ({', '.join('(' + ', '.join(columns) + ')' for columns in sets)}))")
            for read in its_reads:
                # GROUPING(...) of a set's groups: a bit for each column it does not group by.
                mask = sum(1 << (len(grouped) - 1 - i) for i, column in enumerate(grouped)
                           if column not in set_of[read.name])
                selects.append(f"SELECT '{read.name}', {read.value}, sum(g.n)::bigint FROM {cte} g{read.join} "
                               f"WHERE g.gs = {mask} GROUP BY 2")
        return ctes, selects, params


def _where(flags) -> str:
    return f" WHERE {' AND '.join(f'm.{flag}' for flag in flags)}" if flags else ""


def _data(filterset) -> dict:
    return filterset.form.cleaned_data if filterset.form.is_valid() or hasattr(filterset.form, "cleaned_data") else {}


def _all_but_one(conditions: list[Q]) -> Q:
    """Entries meeting every one of ``conditions`` but one at most: for each, all the others."""
    either = Q()
    for left_out in range(len(conditions)):
        others = Q()
        for index, condition in enumerate(conditions):
            if index != left_out:
                others &= condition
        either |= others
    return either


def counted(filterset, names, cpv_prefixes=()) -> tuple[dict[tuple[str, str], int], int]:
    """{(facet, value): count} of the facets ``names`` of ``filterset``, and the number of matching
    entries: one statement, which reads the matching entries once. And, as ``(CPV, prefix)``, how many
    matching tenders have a code starting with each of ``cpv_prefixes`` (significant digits: a code
    and its narrower codes)."""
    data = _data(filterset)
    ticked = [name for name in names if is_ticked(data.get(name))]
    plan = _Plan(filterset, ticked)
    grouped, selects, more_params = plan.statement(names, cpv_prefixes)
    columns = ", ".join(["id", *(plan.model._meta.get_field(c).column for c in plan.columns)])
    # The entries matching the words and the other filters are read once, with one flag per ticked
    # facet (its condition, EntryFilter.facet_condition). Reading the matches once per ticked facet
    # cost 60-70 ms each on a broad search.
    conditions = {name: filterset.facet_condition(name, data[name]) for name in ticked}
    flags = {plan.flag_of[name]: ExpressionWrapper(condition, output_field=BooleanField())
             for name, condition in conditions.items()}
    queryset = filterset.every_match(*ticked).order_by().annotate(**flags)
    indexed = [conditions[name] for name in ticked if name in ROW_IDS]
    if len(indexed) > 1:
        # An entry two ticked facets leave out is counted by no facet: of those read from their GIN
        # indexes (a category, a criterion), read only the entries all but one at most let through,
        # a bitmap of their indexes ('laptop' of tenders with a category and a criterion: 15,000 of
        # its 85,798 matches, the statement 200 -> 78 ms). Not with the other facets' conditions: with
        # a region's organisations, PostgreSQL read their 56,000 tenders to check the words (13 -> 290 ms).
        queryset = queryset.filter(_all_but_one(indexed))
    sql, params = queryset.values("pk", *plan.columns, *flags).query.sql_with_params()
    matched = f"{MATCHED}({', '.join([columns, *flags])}) AS MATERIALIZED ({sql})"
    statement = f"WITH {', '.join([matched, *grouped])} {' UNION ALL '.join(selects)}"
    counts: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *more_params])
        for facet, value, count in cursor.fetchall():
            counts[(facet, value)] = count
    return counts, counts.get((TOTAL, ""), 0)


def facet_counts(filterset, names, choices_cache: dict | None = None,
                 cpv_codes=()) -> tuple[dict[str, Facet], int]:
    """The facets ``names`` of ``filterset`` with their counts, and the number of matching entries.
    With ``cpv_codes`` ((code, label) pairs), a facet ``CPV`` too: the tenders each code or a narrower
    one classifies (their main code or a further one, as the CPV filter finds them)."""
    prefixes = {code: cpv_prefix(code) for code, _label in cpv_codes}
    counts, total = counted(filterset, names, list(dict.fromkeys(prefixes.values())))
    data = _data(filterset)
    facets = {}
    for name in names:
        selected = {str(getattr(v, "pk", v)) for v in data[name]} if is_ticked(data.get(name)) else set()
        facets[name] = Facet(
            name=name,
            label=str(filterset.form.fields[name].label),
            choices=[Choice(value, label, counts.get((name, value), 0), value in selected)
                     for value, label in _choices(filterset, name, choices_cache)],
        )
    if cpv_codes:
        facets[CPV] = Facet(CPV, str(filterset.form.fields[CPV].label), [
            Choice(code, label, counts.get((CPV, prefixes[code]), 0), False) for code, label in cpv_codes])
    return facets, total
