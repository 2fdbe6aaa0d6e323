"""What waits for someone: the coordinators' review queue (every kind of entry, oldest first,
paginated) and the entries waiting for their authors' action (their home page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst

from buyersgroup import access
from buyersgroup.entries import registry
from buyersgroup.entries.models import ACTION_STATES
from buyersgroup.entries.rows import PAGE_SIZE  # as every list of the portal
from buyersgroup.members.models import Member, Organisation
from buyersgroup.moderation.models import Status


class WaitingForReview:
    """Everything waiting for review, oldest first, for a Paginator: its number, and each page's
    rows (Row) with their titles, organisations and authors, each in one statement. Written as
    SQL: Django compiling the UNION of the kinds and the rows' statements was most of the page's
    time. Each kind's part reads its small index of what waits (models.queue_index())."""

    def __init__(self):
        self.kinds = registry.kinds()
        self.tables = [connection.ops.quote_name(kind.model._meta.db_table) for kind in self.kinds]

    def _waiting(self) -> str:
        """(kind_index, id, submitted_at) of every kind's entries waiting for review: one parameter a kind."""
        return " UNION ALL ".join(f"(SELECT {index} AS kind_index, id, submitted_at FROM {table} WHERE status = %s)"
                                  for index, table in enumerate(self.tables))

    def figures(self) -> tuple[int, object]:
        """How many entries wait, and since when the oldest has."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), min(submitted_at) FROM ({self._waiting()}) AS waiting",
                           [Status.SUBMITTED] * len(self.tables))
            return cursor.fetchone()

    def count(self) -> int:
        return self.figures()[0]

    def __getitem__(self, page: slice) -> list[Row]:
        waiting = self._waiting()
        joins = " ".join(f"LEFT JOIN {table} AS entry_{index} ON page.kind_index = {index} AND entry_{index}.id = page.id"
                         for index, table in enumerate(self.tables))
        entry = ", ".join  # the column of whichever kind the row is
        columns = [f"COALESCE({entry(f'entry_{index}.{name}' for index in range(len(self.tables)))})"
                   for name in ("title", "revision_of_id", "organisation_id", "author_id")]
        sql = f"""
            WITH page AS (SELECT * FROM ({waiting}) AS waiting ORDER BY submitted_at, id LIMIT %s OFFSET %s)
            SELECT page.kind_index, page.id, page.submitted_at, {columns[0]}, {columns[1]} IS NOT NULL,
                   organisation.name, author.first_name, author.last_name
            FROM page {joins}
            LEFT JOIN {connection.ops.quote_name(Organisation._meta.db_table)} AS organisation ON organisation.id = {columns[2]}
            LEFT JOIN {connection.ops.quote_name(Member._meta.db_table)} AS author ON author.id = {columns[3]}
            ORDER BY page.submitted_at, page.id
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [Status.SUBMITTED] * len(self.tables) + [page.stop - page.start, page.start])
            rows = cursor.fetchall()
        urls = [kind.url_of("review") for kind in self.kinds]  # once per kind, not per row
        labels = [capfirst(kind.verbose_name) for kind in self.kinds]
        return [Row(title=title, url=urls[index](pk), kind_label=labels[index], is_revision=is_revision,
                    organisation=organisation or "", author=Member(first_name=first or "", last_name=last or "").get_full_name(),
                    submitted_at=submitted_at)
                for index, pk, submitted_at, title, is_revision, organisation, first, last in rows]


def summary() -> dict:
    """Size of the queue and the time the oldest entry has waited (coordinator's home page)."""
    size, oldest = WaitingForReview().figures()
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
    """The ``limit`` latest drafts not yet submitted and entries sent back with changes requested,
    of ``user``'s organisation or written by them elsewhere (before a move), every kind in one
    statement: sent back first ("changes_requested" sorts before "draft"), then the most recently
    changed. Each part is an index scan that stops after ``limit`` rows (models.action_indexes());
    one condition with OR would read every waiting entry of the group. Written as SQL: the
    page's costliest part was Django compiling this UNION on every view."""
    kinds = registry.kinds()
    states = ", ".join(f"'{state}'" for state in ACTION_STATES)  # the code's constants
    parts, params = [], []
    for index, kind in enumerate(kinds):
        table = connection.ops.quote_name(kind.model._meta.db_table)
        if user.organisation_id:
            wheres = [("organisation_id = %s", [user.organisation_id]),
                      ("author_id = %s AND organisation_id IS DISTINCT FROM %s", [user.pk, user.organisation_id])]
        else:
            wheres = [("author_id = %s", [user.pk])]
        for where, values in wheres:
            parts.append(f"(SELECT {index} AS kind_index, id, title, status, updated_at FROM {table} "
                         f"WHERE {where} AND status IN ({states}) ORDER BY status, updated_at DESC, id DESC LIMIT %s)")
            params += [*values, limit]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY status, updated_at DESC, id DESC LIMIT %s", [*params, limit])
        rows = cursor.fetchall()
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
    page = Paginator(WaitingForReview(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "entries/review_queue.html", {"page": page, "rows": page.object_list, "now": timezone.now()})
