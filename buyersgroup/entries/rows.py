"""The rows of an entry list (and of the search's results), each rendered once per change of what it
shows and kept by each app server (the ``template_fragments`` cache).

A page first reads only its entries' ids with their time of last change and review state (the
list's index scan, which stops after the page). A row found under that key is shown as it was
rendered; only the others are read in full (the kind's ``fetch``: organisation, counts,
categories...) and rendered. What a row shows from other tables (an organisation's name, a
category's) follows ``core.choices.generation()``: at once in the worker process that saved the change,
within ``ENTRY_CONTENT_SECONDS`` on the others, as the kept parts of the detail pages
(buyersgroup.entries.content).
"""

from __future__ import annotations

from typing import Callable, Iterable

from django.template.loader import get_template
from django.utils.translation import get_language

from buyersgroup.core import choices
from buyersgroup.core.kept import kept
from buyersgroup.core.pagination import CappedPaginator

CACHE = "template_fragments"
PAGE_SIZE = 20


def label_choices(entries: Iterable, model, names: Iterable[str]) -> None:
    """``entry.<name>_label`` for each choice field ``names``: the table of labels looked up once for
    the rows, not once a row (``get_FOO_display`` rebuilds it on every call), and each label translated
    once (a lazy label is translated again each time a row shows it)."""
    tables = {name: {value: str(label) for value, label in model._meta.get_field(name).flatchoices} for name in names}
    for entry in entries:
        for name, table in tables.items():
            value = getattr(entry, name)
            setattr(entry, f"{name}_label", table.get(value, value))


def page(request, queryset, *, template: str, fetch: Callable[[list[int]], Iterable], context: dict, variant: str = ""):
    """Page ``?page=`` of ``queryset`` (ordered): ``page.object_list`` holds (id, last change, state)
    and ``page.rows`` the rendered rows, in order (``kept_rows``)."""
    keys = queryset.prefetch_related(None).values_list("pk", "updated_at", "status")
    result = CappedPaginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = kept_rows({pk: (updated, status) for pk, updated, status in result.object_list},
                     template=template, fetch=fetch, context=context, variant=variant)
    # An entry gone between the two reads (deleted, or no longer visible) has no row.
    result.rows = [rows[pk] for pk, _updated, _status in result.object_list if pk in rows]
    return result


def kept_rows(keys: dict, *, template, fetch: Callable[[list[int]], Iterable], context: dict,
              variant: str = "") -> dict:
    """{id: rendered row} of the entries ``keys`` ({id: (last change, state)}): a row kept under
    that key as it was rendered, the others read in full by ``fetch(ids)`` and rendered with
    ``template`` (a template's name, given ``entry`` and ``context``; or a function
    ``(entries, context) -> {id: row}``, for rows shown so often that the template language's cost
    counts: buyersgroup.search.rows). ``variant`` tells apart lists that render the same entry
    differently (e.g. "mine", which shows the review state). An entry ``fetch`` no longer finds has none."""
    if callable(template):
        name, render = f"{template.__module__}.{template.__qualname__}", template
    else:
        name, row = template, get_template(template)

        def render(entries, context):
            return {entry.pk: row.render({**context, "entry": entry}) for entry in entries}
    prefix = f"row:{name}:{variant}:{get_language()}:{choices.generation()}"
    names = {pk: f"{prefix}:{pk}:{updated.isoformat()}:{status}" for pk, (updated, status) in keys.items()}
    return kept(CACHE, names, lambda missing: render(fetch(missing), context))
