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
from types import SimpleNamespace

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from buyersgroup.entries import registry
from buyersgroup.search.rows import read_facts

CAP = 10_000
CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [_("Kind"), _("Title"), _("Organisation"), _("Year"), _("Procedure"), _("Stage"), _("Value (EUR)"),
            _("Bids"), _("Criteria"), _("Product categories"), _("CPV codes"), _("Link")]


# What a row reads of each kind's entries, with the organisation's name: values, not model instances
# (10,000 tenders were 114,000 instances with their organisations, categories, applied criteria,
# criteria and CPV codes: 2.9 s of CPU). The ids of an entry's categories and criteria are those
# kept on its row with its search vector (buyersgroup.search.indexing), named from the taxonomy read
# once an export; a tender's further CPV codes are read once a chunk.
FIELDS = {
    "tenders": ("title", "publication_date", "procedure_type", "stage", "awarded_value", "estimated_value",
                "bids_received", "category_ids", "criterion_ids", "main_cpv_id"),
    "practices": ("title", "published_at", "category_ids", "criterion_ids"),
}
# The choice fields a kind's row shows by their labels, each table of labels translated once.
LABELLED = {"tenders": ("procedure_type", "stage")}


class _Taxonomy:
    """The names a row gives an entry's categories and criteria, in the reader's language: each once,
    in the taxonomy's order (the filters' lists'), so that the same criteria read the same in every row
    of a spreadsheet, whatever order the buyer applied them in."""

    def __init__(self):
        from buyersgroup.taxonomy.models import Criterion, ProductCategory

        self.categories = {category.pk: (index, category.name)
                           for index, category in enumerate(ProductCategory.objects.only("pk", "name_en", "name_nl",
                                                                                          "name_fr"))}
        self.criteria = {pk: (index, code) for index, (pk, code) in
                         enumerate(Criterion.objects.values_list("pk", "code"))}

    @staticmethod
    def _named(table, ids) -> str:
        return "; ".join(name for _order, name in sorted(table[pk] for pk in set(ids) if pk in table))

    def category_names(self, ids) -> str:
        return self._named(self.categories, ids)

    def criterion_codes(self, ids) -> str:
        return self._named(self.criteria, ids)


def _further_cpvs(model, pks) -> dict[int, list[str]]:
    """{tender id: its further CPV codes, in order} of the tenders ``pks``."""
    field = model._meta.get_field("additional_cpvs")  # the core imports no kind
    entry, code = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    found: dict[int, list[str]] = {}
    for pk, cpv in field.remote_field.through.objects.filter(**{f"{entry}__in": pks}).order_by(code).values_list(
            entry, code):
        found.setdefault(pk, []).append(cpv)
    return found


def _read(name: str, pks) -> list[SimpleNamespace]:
    """The entries ``pks`` of kind ``name`` with what their rows show (``FIELDS``, choices labelled),
    read as a search result's row reads them (search.rows.read_facts), and a tender's CPV codes."""
    fields = FIELDS[name]
    entries = read_facts(name, pks, fields, LABELLED.get(name, ()))
    classified = "main_cpv_id" in fields  # a kind with CPV codes
    cpvs = _further_cpvs(registry.get(name).model, pks) if classified else {}
    for entry in entries:
        main = [entry.main_cpv_id] if classified and entry.main_cpv_id else []
        entry.cpv_codes = list(dict.fromkeys(main + cpvs.get(entry.pk, [])))
    return entries


def _row(kind, entry, taxonomy: _Taxonomy, url: str, kind_name: str) -> list:
    if kind == "tenders":
        value = entry.awarded_value if entry.awarded_value is not None else entry.estimated_value
        year = entry.publication_date.year if entry.publication_date else ""
        facts = [entry.procedure_type_label, entry.stage_label, value, entry.bids_received]
    else:
        year = localtime(entry.published_at).year if entry.published_at else ""
        facts = ["", "", None, None]
    return [kind_name, entry.title, entry.organisation_name, year, *facts,
            taxonomy.criterion_codes(entry.criterion_ids), taxonomy.category_names(entry.category_ids),
            "; ".join(entry.cpv_codes), url]


def rows(search, base_url):
    """Yield the header, then a row per entry (at most CAP), then a note when capped: values as they
    are, each format neutralises them its way."""
    yield header()
    names = list(search.filtersets)
    ordered = list(search.rows()[: CAP + 1])
    capped = len(ordered) > CAP
    ordered = ordered[:CAP]
    kind_names = {name: str(registry.get(name).verbose_name) for name in names}
    paths = {name: registry.get(name).url_of("detail") for name in names}
    taxonomy = _Taxonomy()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        entries = {}
        for index, name in enumerate(names):
            pks = [r["pk"] for r in chunk if r["kind_index"] == index]
            if pks:
                entries.update({(index, entry.pk): entry for entry in _read(name, pks)})
        for r in chunk:
            entry = entries.get((r["kind_index"], r["pk"]))
            if entry is not None:  # an entry gone meanwhile has no row
                name = names[r["kind_index"]]
                yield _row(name, entry, taxonomy, base_url + paths[name](entry.pk), kind_names[name])
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
