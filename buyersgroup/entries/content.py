"""A published entry's content, rendered once per change and kept by each app server.

The detail page of a published entry is mostly the same for every member: its facts, its
summary, its criteria, its documents. Those parts (``{% content_part %}`` in the kind's detail
template) are kept in each app server's memory, so that a page that was seen before skips the
queries of what they show (the kind's prefetches: categories, CPV codes, criteria, documents...)
and their rendering. What differs by reader (actions, review history, questions) is never kept.

A kept part is never shown stale for what the entry itself holds. Its key holds:

- the entry's ``updated_at``: every change of a published entry (its revision published onto it,
  with its related rows and documents, an archive) saves it;
- a digest of its documents as listed (the text extraction ends after publication), and the
  kind's own ``content_stamps`` (a practice's linked tenders), computed by the database in the
  page's main statement;
- the language, and whether the reader may open the entry it started from;
- ``core.choices.generation()``: a name of an organisation, a member, a category, a criterion or
  a CPV code saved through this worker process changes it at once.

Other worker processes and servers see such a change of reference data when their copy expires
(``ENTRY_CONTENT_SECONDS``), as for the search filters' kept lists (``REFERENCE_CHOICES_SECONDS``).
Drafts, entries in review and pending revisions are rendered on each view.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models import CharField, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from buyersgroup.core import choices
from buyersgroup.core.kept import kept
from buyersgroup.entries.models import Status


def _forget_on_change() -> None:
    from buyersgroup.members.models import Member, Organisation
    from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory

    choices.forget_on_change(Organisation, Member, ProductCategory, Criterion, CpvCode)


_forget_on_change()

CACHE = "entry_content"
STAMP_PREFIX = "content_stamp_"

# The columns of a document that its row on the page shows.
_DOCUMENTS_STAMP = """(SELECT md5(string_agg(concat_ws(':', d.id, d.original_name, d.doc_type, d.language, d.size,
    d.extraction_status), ',' ORDER BY d.id))
  FROM documents_document d WHERE d.content_type_id = %s AND d.object_id = {table}.id)"""


def stamped(queryset: QuerySet, kind) -> QuerySet:
    """``queryset`` without the prefetches of what the kept parts show (``prefetch(entry)`` does
    them when the parts are rendered), and with the stamps of the parts' key."""
    model = queryset.model
    table = model._meta.db_table
    stamps = {"documents": RawSQL(_DOCUMENTS_STAMP.format(table=table), [ContentType.objects.get_for_model(model).pk],
                                  output_field=CharField())}
    stamps.update(kind.content_stamps(table) if kind.content_stamps else {})
    return queryset.annotate(**{STAMP_PREFIX + name: value for name, value in stamps.items()}).prefetch_related(None)


def links_stamp(links, table: str, other) -> RawSQL:
    """A stamp (``EntryKind.content_stamps``) of the ``other`` entries linked to the entry of
    ``table`` through the many-to-many table ``links``: which, their last change (a title), their
    state (only published ones are listed)."""
    link = links._meta
    own = next(f.column for f in link.fields if f.is_relation and f.related_model._meta.db_table == table)
    theirs = next(f.column for f in link.fields if f.is_relation and f.related_model is other)
    sql = (f"(SELECT md5(string_agg(concat_ws(':', e.id, e.updated_at, e.status), ',' ORDER BY e.id))"
           f" FROM {link.db_table} l JOIN {other._meta.db_table} e ON e.id = l.{theirs} WHERE l.{own} = {table}.id)")
    return RawSQL(sql, [], output_field=CharField())


@dataclass
class Content:
    """The kept parts of one entry's page for one reader: ``kept`` when found, else filled in
    as the page renders (``rendered``) and kept afterwards."""

    key: str | None
    kept: dict[str, str] | None = None
    rendered: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.kept is not None

    def part(self, name: str) -> str | None:
        return self.kept.get(name) if self.kept is not None else None

    def keep(self) -> None:
        if self.key is not None and not self.found and self.rendered:
            caches[CACHE].set(self.key, self.rendered, settings.ENTRY_CONTENT_SECONDS)


def _entry_key(use: str, kind, pk, updated_at, stamps: dict, variant: str = "") -> str:
    """What every kept thing of one entry is keyed by: its last change, its stamps, the language
    and the reference data's generation; ``variant`` what else it depends on."""
    digest = hashlib.md5("|".join(f"{name}={stamps[name]}" for name in sorted(stamps)).encode(),
                         usedforsecurity=False).hexdigest()
    return (f"{use}:{kind.name}:{variant}:{get_language()}:{choices.generation()}:{pk}:{updated_at.isoformat()}:"
            f"{digest}")


def _key(kind, entry, started_from) -> str | None:
    if not settings.ENTRY_CONTENT_SECONDS or entry.status != Status.PUBLISHED or entry.is_revision:
        return None
    stamps = {name: value for name, value in vars(entry).items() if name.startswith(STAMP_PREFIX)}
    if not stamps:  # not read through stamped(): nothing tells whether its documents changed
        return None
    origin = f"{started_from.pk}@{started_from.updated_at.isoformat()}" if started_from is not None else "-"
    return _entry_key("entry-content", kind, entry.pk, entry.updated_at, stamps, origin)


def find(kind, entry, started_from=None) -> Content:
    """The kept parts of ``entry``'s page, or an empty Content whose parts the page will render.
    ``started_from``: the entry it started from when the reader may open it, else None."""
    key = _key(kind, entry, started_from)
    return Content(key, caches[CACHE].get(key) if key is not None else None)


def prefetch(kind, entry) -> None:
    """What the parts show (the kind's ``detail_queryset`` prefetches), when they are rendered; a
    relation already fetched is not fetched again."""
    lookups = kind.detail_queryset(kind.queryset())._prefetch_related_lookups
    if lookups:
        prefetch_related_objects([entry], *lookups)


def item_keys(kind, pks, variant: str) -> dict[int, str]:
    """The key of each published entry of ``pks`` as one item of a list (e.g. the API's): what the
    kept parts' key holds (its last change, its documents, the kind's stamps, the language and
    the reference data's generation), read in one statement. Entries not published have none."""
    if not settings.ENTRY_CONTENT_SECONDS:
        return {}
    queryset = stamped(kind.model.objects.filter(pk__in=pks).published(), kind)
    names = [name for name in queryset.query.annotations if name.startswith(STAMP_PREFIX)]
    return {
        row["pk"]: _entry_key("entry-item", kind, row["pk"], row["updated_at"], {n: row[n] for n in names}, variant)
        for row in queryset.values("pk", "updated_at", *names)
    }


def kept_items(kind, pks, variant: str, render) -> list:
    """The items of ``pks`` (in that order): each kept under ``item_keys`` once ``render(pks)`` made it
    ({pk: item}, for the entries not found). An entry without a key is rendered each time."""
    keys = item_keys(kind, pks, variant)
    items = kept(CACHE, keys, render)
    unkeyed = [pk for pk in pks if pk not in keys]
    if unkeyed:
        items.update(render(unkeyed))
    return [items[pk] for pk in pks if pk in items]
