"""The current results as CSV or XLSX: one row per entry, streamed, capped.

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe. CSV starts with a BOM so Excel reads UTF-8.
In XLSX, numbers stay numbers. An XLSX file is a zip whose index comes last: it is
written to a temporary file (openpyxl's write-only mode, row by row), then streamed
from there, so a worker never holds the whole file in memory.
"""

from __future__ import annotations

import csv
import tempfile
from decimal import Decimal

from django.db.models import Prefetch, TextField
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from buyersgroup.entries import registry
from buyersgroup.entries.rows import label_choices

CAP = 10_000
CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [_("Kind"), _("Title"), _("Organisation"), _("Year"), _("Procedure"), _("Stage"), _("Value (EUR)"),
            _("Bids"), _("Criteria"), _("Product categories"), _("CPV codes"), _("Link")]


# The choice fields a kind's row shows by their labels (entries.rows.label_choices: looked up once
# a chunk, not with get_FOO_display, which rebuilds the field's table of labels on every call).
LABELLED = {"tenders": ("procedure_type", "stage")}


def _row(kind, entry, base_url, kind_name: str) -> list:
    if kind == "tenders":
        criteria = [a.criterion.code for a in entry.criterion_list]
        cpvs = [c.code for c in ([entry.main_cpv] if entry.main_cpv else []) + entry.cpv_list]
        value = entry.awarded_value if entry.awarded_value is not None else entry.estimated_value
        year = entry.publication_date.year if entry.publication_date else ""
        facts = [entry.procedure_type_label, entry.stage_label, value, entry.bids_received]
    else:
        criteria = [c.code for c in entry.criterion_list]
        cpvs = []
        year = entry.published_at.year if entry.published_at else ""
        facts = ["", "", None, None]
    return [kind_name, entry.title, entry.organisation.name, year, *facts,
            "; ".join(criteria), "; ".join(c.name for c in entry.category_list), "; ".join(cpvs),
            base_url + entry.get_absolute_url()]


def _with_related(name: str, queryset):
    """Related rows prefetched into plain lists (``to_attr``): no queryset built per row. A row holds
    facts, not texts: the long ones (summary, body, outcome...) stay in the database."""
    texts = [f.name for f in queryset.model._meta.concrete_fields if isinstance(f, TextField)]
    queryset = queryset.defer(*texts).select_related("organisation").prefetch_related(
        Prefetch("categories", to_attr="category_list"))
    if name == "tenders":
        applied = queryset.model._meta.get_field("applied_criteria").related_model  # the core imports no kind
        return queryset.select_related("main_cpv").prefetch_related(
            Prefetch("applied_criteria", applied.objects.select_related("criterion"), to_attr="criterion_list"),
            Prefetch("additional_cpvs", to_attr="cpv_list"))
    return queryset.prefetch_related(Prefetch("criteria", to_attr="criterion_list"))


def rows(search, base_url):
    """Yield the header, then a row per entry (at most CAP), then a note when capped: values as they
    are, each format neutralises them its way."""
    yield header()
    names = list(search.filtersets)
    ordered = list(search.rows()[: CAP + 1])
    capped = len(ordered) > CAP
    ordered = ordered[:CAP]
    kind_names = {name: str(registry.get(name).verbose_name) for name in names}
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        entries = {}
        for index, name in enumerate(names):
            pks = [r["pk"] for r in chunk if r["kind_index"] == index]
            if not pks:
                continue
            model = registry.get(name).model
            found = list(_with_related(name, model.objects.filter(pk__in=pks)))
            label_choices(found, model, LABELLED.get(name, ()))
            entries.update({(index, e.pk): e for e in found})
        for r in chunk:
            entry = entries.get((r["kind_index"], r["pk"]))
            if entry is not None:
                name = names[r["kind_index"]]
                yield _row(name, entry, base_url, kind_names[name])
    if capped:
        yield [_("Only the first %(cap)s results were exported. Add filters to export the rest.") % {"cap": f"{CAP:,}"}]


class _Echo:
    def write(self, value):
        return value


def csv_stream(search, base_url):
    yield from csv_lines(rows(search, base_url))


def csv_lines(rows_):
    """Any table as CSV text, line by line: a BOM first, every cell neutralised (also for Insights' figures)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows_:
        yield writer.writerow([neutralise(value) for value in row])


def xlsx_cell(value):
    """A number as a number; text neutralised, without the control characters XLSX cannot hold."""
    if value is None or isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))


def xlsx_file(search, base_url):
    """The results as an XLSX workbook in a temporary file, rewound (the caller streams and closes it)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Results"))
    for row in rows(search, base_url):
        sheet.append([xlsx_cell(value) for value in row])
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    return file
