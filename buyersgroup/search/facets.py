"""Facet counts: every facet of a search in one SQL statement, with GROUP BY.

What each choice selects is defined once, by the filter set (``EntryFilter.facet_q``, used
when the member ticks it); here the same choices are counted the way PostgreSQL counts
fastest. The entries matching every filter are materialised once (a CTE with the columns
the facets read), and each facet is one GROUP BY over it. Categories, criteria, their pillars
and where they were used are read from each entry's own arrays (``category_ids``,
``criterion_ids``, ``criterion_pillars``, ``criterion_uses``, written with its search vector), its
documents' languages from ``uploaded_languages`` (kept by the database), not from the link tables or
the documents: one lookup per match in each would cost more than the search itself on a broad query (the
broadest search of tenders, 51,000 matches: 840 ms of facets with them). A facet with a ticked value is
counted over the entries matching every *other* filter (so its other choices still show
what they would add): the matches are read once with a flag per ticked facet, and one more CTE per
ticked facet keeps those its other flags let through, still in the same statement.

The statement also returns the number of matching entries, which the page needs anyway.
Tests compare these counts with counts computed in Python and with the entries each
choice's filter returns (tests/search).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper

from buyersgroup.search.filters import ticked as is_ticked

TOTAL = "__total__"


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


class _Plan:
    """The columns the CTE carries and one SELECT (facet, value, count) per facet."""

    def __init__(self, filterset):
        self.filterset = filterset
        self.model = filterset.queryset.model
        self.columns: list[str] = []  # Django field names carried by the CTE

    def carry(self, field_name: str) -> str:
        if field_name not in self.columns:
            self.columns.append(field_name)
        return self.model._meta.get_field(field_name).column

    def each_choice(self, name: str, cte: str, condition: str, uses: int) -> tuple[str, list]:
        """One count per choice of a facet of a few choices, each a FILTER of one pass over the
        matches (``condition`` names the choice's value ``uses`` times): cheaper than a row per
        (match, value) to make distinct and group when a match may have several values."""
        values = [value for value, _label in _choices(self.filterset, name)]
        counts = ", ".join(f"count(*) FILTER (WHERE {condition})" for _value in values)
        params = [values, *(value for value in values for _ in range(uses))]
        return f"SELECT '{name}', unnest(%s::text[]), unnest(ARRAY[{counts}]) FROM {cte} m", params

    def select(self, name: str, cte: str) -> tuple[str, list]:
        label = f"'{name}'"
        if name in ("category", "criterion"):
            # Each entry's ids, written with its search vector (buyersgroup.search.indexing), each once.
            column = self.carry(f"{name}_ids")
            # unnest() in the select list: a set-returning function per row, no join to loop over;
            # grouped by the id itself, made text once per group, not once per row.
            return f"SELECT {label}, v::text, count(*) FROM (SELECT unnest(m.{column}) AS v FROM {cte} m) p GROUP BY v", []
        if name == "pillar":
            column = self.carry("criterion_pillars")
            return self.each_choice(name, cte, f"%s = ANY(m.{column})", 1)
        if name == "used_in":
            column = self.carry("criterion_uses")
            return self.each_choice(name, cte, f"%s = ANY(m.{column})", 1)
        if name == "theme":
            column = self.carry("themes")
            return f"SELECT {label}, v, count(*) FROM {cte} m, unnest(m.{column}) v GROUP BY 2", []
        if name in ("level", "region"):
            column = self.carry("organisation")
            # Counted by organisation first (a few hundred), then joined: not one lookup per match.
            return (f"SELECT {label}, o.{name}, sum(g.n)::bigint FROM (SELECT m.{column} AS organisation, "
                    f"count(*) AS n FROM {cte} m GROUP BY 1) g JOIN members_organisation o "
                    "ON o.id = g.organisation GROUP BY 2"), []
        if name == "doc_language":
            # The languages its author gave, or of its uploaded documents (kept on the entry by the database).
            declared, uploaded = self.carry("document_languages"), self.carry("uploaded_languages")
            return self.each_choice(name, cte, f"(%s = ANY(m.{declared}) OR %s = ANY(m.{uploaded}))", 2)
        if name == "has_documents":
            column = self.carry("uploaded_languages")  # every document has a language: empty means none
            return (f"SELECT {label}, CASE WHEN m.{column} <> '{{}}' THEN 'yes' ELSE 'no' END, count(*) "
                    f"FROM {cte} m GROUP BY 2"), []
        field_name = self.filterset.filters[name].field_name if name in self.filterset.filters else name
        column = self.carry(field_name)
        return f"SELECT {label}, m.{column}::text, count(*) FROM {cte} m GROUP BY 2", []


def _data(filterset) -> dict:
    return filterset.form.cleaned_data if filterset.form.is_valid() or hasattr(filterset.form, "cleaned_data") else {}


def counted(filterset, names) -> tuple[dict[tuple[str, str], int], int]:
    """{(facet, value): count} of the facets ``names`` of ``filterset``, and the number of matching
    entries: one statement, which reads the matching entries once."""
    data = _data(filterset)
    ticked = [name for name in names if is_ticked(data.get(name))]
    plan = _Plan(filterset)
    # m0: the entries matching every filter, which the facets without a ticked value count. A ticked
    # facet counts its choices over the entries matching every *other* filter: m1, m2...
    ctes = {"m0": None, **{f"m{index}": name for index, name in enumerate(ticked, start=1)}}
    cte_of = {own: cte for cte, own in ctes.items() if own is not None}
    # The flags each CTE's rows must hold: those of the ticked facets but its own. A CTE whose rows
    # need none (the one ticked facet's) is ``matched`` itself, read without a copy (86,000 rows
    # copied to disk: 30 ms of a broad word with a category ticked).
    flag_of = {name: f"ticked_{index}" for index, name in enumerate(ticked, start=1)}  # its column in MATCHED
    held = {cte: " AND ".join(f"b.{flag_of[name]}" for name in ticked if name != own) for cte, own in ctes.items()}
    read_from = {cte: cte if held[cte] or not ticked else MATCHED for cte in ctes}
    selects, select_params = [], []
    for name in names:
        sql, params = plan.select(name, read_from[cte_of.get(name, "m0")])
        selects.append(sql)
        select_params += params
    selects.append(f"SELECT '{TOTAL}', '', count(*) FROM m0")
    columns = ", ".join(["id", *(plan.model._meta.get_field(c).column for c in plan.columns)])
    if not ticked:
        sql, cte_params = filterset.every_match().order_by().values("pk", *plan.columns).query.sql_with_params()
        cte_sql = [f"m0({columns}) AS MATERIALIZED ({sql})"]
    else:
        # The entries matching the words and the other filters are read once, with one flag per ticked
        # facet (its condition, EntryFilter.facet_condition); each mN keeps those whose other flags hold.
        # Reading the matches once per ticked facet cost 60-70 ms each on a broad search.
        flags = {flag_of[name]: ExpressionWrapper(filterset.facet_condition(name, data[name]),
                                                  output_field=BooleanField())
                 for name in ticked}
        queryset = filterset.every_match(*ticked).order_by().annotate(**flags)
        sql, cte_params = queryset.values("pk", *plan.columns, *flags).query.sql_with_params()
        cte_sql = [f"{MATCHED}({columns}, {', '.join(flags)}) AS MATERIALIZED ({sql})"]
        cte_sql += [f"{cte} AS MATERIALIZED (SELECT b.* FROM {MATCHED} b WHERE {held[cte]})"
                    for cte in ctes if read_from[cte] == cte]
    statement = f"WITH {', '.join(cte_sql)} {' UNION ALL '.join(selects)}"
    counts: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, [*cte_params, *select_params])
        for facet, value, count in cursor.fetchall():
            counts[(facet, value)] = count
    return counts, counts.get((TOTAL, ""), 0)


# The CTE of the entries matching the words and the filters that are not ticked facets (``counted``).
MATCHED = "matched"


def facet_counts(filterset, names, choices_cache: dict | None = None) -> tuple[dict[str, Facet], int]:
    """The facets ``names`` of ``filterset`` with their counts, and the number of matching entries."""
    counts, total = counted(filterset, names)
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
    return facets, total
