"""A search result's row: what the entry shows, the same in every search.

Read and built here rather than through the ORM and a template: a page of results that no app
server has shown yet (the next pages of a search) renders 20 of them. The template language
spent 0.2 ms on each (its eight labels translated and escaped again, its URL reversed, each value
resolved through its lookups) and the ORM 0.85 ms on each kind's 20 entries (building and
compiling the statement, then a model instance for each entry and its organisation): 4 + 2 ms of
the page's CPU. Here one statement per kind, written once, reads the few columns a row shows
(0.15 ms), and a row takes 0.02 ms. The labels are translated once for the page, every value is
escaped (``html.escape``), and the rows are kept once rendered like a list's
(buyersgroup.entries.rows.kept_rows). An export's rows read their facts the same way
(``read_facts``, buyersgroup.search.exports).
"""

from __future__ import annotations

from functools import cache
from html import escape
from types import SimpleNamespace

from django.db import connection
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from buyersgroup.core.templatetags.formats import eur
from buyersgroup.entries import registry
from buyersgroup.entries import rows as entry_rows

# The fields of each kind a row shows (``read`` reads only these, and the organisation's name), and
# the choice fields among them, shown by their labels.
FIELDS = {
    "tenders": ("title", "language", "publication_date", "procedure_type", "stage", "awarded_value",
                "estimated_value", "bids_received", "criterion_pillars"),
    "practices": ("title", "language", "practice_type", "published_at"),
}
CHOICES = {"tenders": ("procedure_type", "stage"), "practices": ("practice_type",)}


@cache
def _statement(kind: str, fields: tuple[str, ...]) -> str:
    """The statement reading ``fields`` of ``kind``'s entries ``= ANY(%s)``: the key, the fields in
    their order, the organisation's name (the names ``read_facts`` gives them)."""
    model = registry.get(kind).model
    meta = model._meta
    organisation = meta.get_field("organisation")
    columns = ", ".join(f'e."{meta.get_field(name).column}"' for name in fields)
    return (f'SELECT e."{meta.pk.column}", {columns}, o."name" FROM "{meta.db_table}" e '
            f'JOIN "{organisation.related_model._meta.db_table}" o '
            f'ON o."{organisation.target_field.column}" = e."{organisation.column}" '
            f'WHERE e."{meta.pk.column}" = ANY(%s)')


def read_facts(kind: str, pks, fields: tuple[str, ...], choices: tuple[str, ...] = ()) -> list[SimpleNamespace]:
    """The entries ``pks`` of ``kind`` with their ``fields`` as the database holds them (values, not
    model instances), their organisation's name (``organisation_name``) and the labels of the choice
    fields ``choices`` (``<field>_label``): what a search result's row and an export's row show. An
    entry gone meanwhile is left out."""
    names = ("pk", *fields, "organisation_name")
    with connection.cursor() as cursor:
        cursor.execute(_statement(kind, tuple(fields)), [list(pks)])
        entries = [SimpleNamespace(**dict(zip(names, row))) for row in cursor.fetchall()]
    entry_rows.label_choices(entries, registry.get(kind).model, choices)
    return entries


def read(kind: str, pks) -> list[SimpleNamespace]:
    """The entries ``pks`` of ``kind`` with what their rows show: their facts (not their texts), the
    labels of their choices, the organisation's name, and a tender's pillars as marks (kept on its
    row with its criteria, buyersgroup.search.indexing)."""
    from buyersgroup.taxonomy.models import PILLAR_MARKS, Pillar

    entries = read_facts(kind, pks, FIELDS[kind], CHOICES[kind])
    # (value, short name, full name), translated once for the rows
    pillars = [(value, str(PILLAR_MARKS[value]), str(label)) for value, label in Pillar.choices]
    for entry in entries:
        used = set(getattr(entry, "criterion_pillars", None) or ())
        entry.pillar_marks = [pillar for pillar in pillars if pillar[0] in used]
    return entries


def render(entries, context: dict) -> dict[int, str]:
    """{id: row} of ``entries`` (``read``) of the kind ``context["kind"]``."""
    kind = context["kind"]
    url = registry.get(kind).url_of("detail")
    label = {name: escape(text) for name, text in {
        "tender": gettext("Tender"), "buyer": gettext("Buyer"), "year": gettext("Year"),
        "procedure": gettext("Procedure"), "stage": gettext("Stage"), "awarded": gettext("Awarded"),
        "estimated": gettext("Estimated"), "bids": gettext("Bids"), "pillars": gettext("Pillars of its criteria"),
    }.items()}

    def fact(name: str, value) -> str:
        return f'<div><dt>{label[name]}</dt><dd>{escape(str(value))}</dd></div>'

    rows = {}
    for entry in entries:
        badge = label["tender"] if kind == "tenders" else escape(entry.practice_type_label)
        facts = [fact("buyer", entry.organisation_name)]
        if kind == "tenders":
            if entry.publication_date:
                facts.append(fact("year", entry.publication_date.year))
            facts += [fact("procedure", entry.procedure_type_label), fact("stage", entry.stage_label)]
            if entry.awarded_value is not None:
                facts.append(fact("awarded", eur(entry.awarded_value, 0)))
            elif entry.estimated_value is not None:
                facts.append(fact("estimated", eur(entry.estimated_value, 0)))
            if entry.bids_received is not None:
                facts.append(fact("bids", entry.bids_received))
        elif entry.published_at:
            facts.append(fact("year", localtime(entry.published_at).year))
        marks = "".join(f'<li class="pillar pillar-{escape(value)}" title="{escape(name)}">{escape(short)}</li>'
                        for value, short, name in entry.pillar_marks)
        # The title in the entry's language, the badge in the reader's; the pillars beside them, the
        # facts on one line below (static/css/portal.css, .result-list.compact): a row of a few lines.
        rows[entry.pk] = mark_safe(  # every value above escaped
            f'<div class="result-head"><h3><a href="{escape(url(entry.pk))}" lang="{escape(entry.language)}">'
            f'{escape(entry.title)}</a> <span class="badge">{badge}</span></h3>'
            + (f'\n<ul class="pillar-marks" aria-label="{label["pillars"]}">{marks}</ul>' if marks else "")
            + f'</div>\n<dl class="facts">{"".join(facts)}</dl>\n')
    return rows
