"""What waits for someone: the coordinators' review queue (every kind of entry, oldest first,
paginated) and the entries waiting for their authors' action (their home page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import CharField, Count, IntegerField, Min, Value
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst

from buyersgroup import access
from buyersgroup.entries import registry
from buyersgroup.entries.models import ACTION_ORDER
from buyersgroup.entries.rows import PAGE_SIZE  # as every list of the portal
from buyersgroup.moderation.models import Status


def waiting_rows():
    """(kind, id, submitted_at) of everything waiting, as one UNION query."""
    parts = [
        kind.model.objects.awaiting_review().order_by()  # not each kind's own order: the queue's, on the whole
        .annotate(kind=Value(kind.name, output_field=CharField()))
        .values_list("kind", "id", "submitted_at")
        for kind in registry.kinds()
    ]
    if not parts:
        return []
    first, *rest = parts
    return first.union(*rest, all=True).order_by("submitted_at", "id") if rest else first.order_by(
        "submitted_at", "id"
    )


def summary() -> dict:
    """Size of the queue and the time the oldest entry has waited (coordinator's home page)."""
    size, oldest = 0, None
    for kind in registry.kinds():
        figures = kind.model.objects.awaiting_review().aggregate(n=Count("pk"), oldest=Min("submitted_at"))
        size += figures["n"]
        if figures["oldest"] and (oldest is None or figures["oldest"] < oldest):
            oldest = figures["oldest"]
    return {"size": size, "oldest": oldest}


@dataclass
class Waiting:
    """An entry waiting for its authors, as their home page shows it."""

    title: str
    url: str
    status: str
    status_label: str
    updated_at: object


def needing_action(user, limit: int) -> list[Waiting]:
    """What waits for ``user``'s action (EntryQuerySet.needing_action_of), every kind in one
    statement: sent back first, then the most recently changed."""
    kinds = registry.kinds()
    parts = [
        part.annotate(kind_index=Value(index, output_field=IntegerField())).values_list(
            "kind_index", "id", "title", "status", "updated_at")
        for index, kind in enumerate(kinds) for part in kind.model.objects.needing_action_of(user, limit)
    ]
    first, *rest = parts
    rows = first.union(*rest, all=True).order_by(*ACTION_ORDER)[:limit] if rest else first
    urls = [kind.url_of("detail") for kind in kinds]
    labels = dict(Status.choices)
    return [Waiting(title=title, url=urls[index](pk), status=status, status_label=labels[status], updated_at=updated_at)
            for index, pk, title, status, updated_at in rows]


@dataclass
class Row:
    """One waiting entry as the queue shows it, prepared here: the template only prints it."""

    title: str
    url: str
    kind_label: str
    is_revision: bool
    organisation: str
    author: str
    submitted_at: object


@access.coordinator_required
def review_queue(request):
    page = Paginator(waiting_rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    ids: dict[str, list[int]] = {}
    for kind_name, pk, _submitted in page.object_list:
        ids.setdefault(kind_name, []).append(pk)
    loaded = {}
    for kind_name, pks in ids.items():
        kind = registry.get(kind_name)
        url, label = kind.url_of("review"), capfirst(kind.verbose_name)  # once per kind, not per row
        shown = kind.model.objects.filter(pk__in=pks).select_related("organisation", "author").only(
            "title", "status", "submitted_at", "revision_of_id", "organisation__name",
            "author__first_name", "author__last_name", "author__email")  # what the row shows: not whole entries
        for entry in shown:
            loaded[kind_name, entry.pk] = Row(
                title=entry.title, url=url(entry.pk), kind_label=label, is_revision=entry.revision_of_id is not None,
                organisation=entry.organisation.name, author=entry.author.get_full_name(),
                submitted_at=entry.submitted_at)
    rows = [loaded[kind_name, pk] for kind_name, pk, _ in page.object_list if (kind_name, pk) in loaded]
    return render(request, "entries/review_queue.html", {"page": page, "rows": rows, "now": timezone.now()})
