"""A counter per kind of entry, one more at each change of what a search of its published
entries can match: the stamp under which an app server keeps the number of matches, the facet
counts and the suggestion of a search (buyersgroup.search.service.Search), so that a search's
next page or the API's lists do not count every match again, and never show a number from before
a change.

It is counted in the transaction of the change (a row locked by each writer, so no change is
lost), wherever one happens: a transition (moderation.services.transition: published, archived,
a revision published onto its entry), a save of an entry or of what it is filtered by (the search
index's refresh, buyersgroup.search.indexing.refresh), a document added, changed or removed, or its
text read (buyersgroup.documents.tasks.text_read), a published entry deleted (in the Django admin).
Changes to the taxonomy (a criterion's pillar, a CPV code) follow core.choices.generation().
"""

from __future__ import annotations

from django.db import connection


def bump(model) -> None:
    """One more change of ``model``'s entries."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO entries_kindchanges (kind, changes) VALUES (%s, 1) "
            "ON CONFLICT (kind) DO UPDATE SET changes = entries_kindchanges.changes + 1",
            [model._meta.label],
        )


def stamp(models) -> tuple[int, ...]:
    """The changes of each of ``models`` so far, in one statement."""
    labels = [model._meta.label for model in models]
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, changes FROM entries_kindchanges WHERE kind = ANY(%s)", [labels])
        found = dict(cursor.fetchall())
    return tuple(found.get(label, 0) for label in labels)


def _on_document(sender, instance, raw=False, **kwargs):
    if not raw and instance.content_type_id:
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if model is not None:
            bump(model)


def _on_entry_deleted(sender, instance, **kwargs):
    """A published entry deleted (only the Django admin can: the portal deletes drafts, and
    archives what was published) is no longer found: its kind's kept counts and pages are not shown."""
    from buyersgroup.entries.models import Entry
    from buyersgroup.moderation.models import Status

    if isinstance(instance, Entry) and instance.status == Status.PUBLISHED:
        bump(sender)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from buyersgroup.documents.models import Document
    from buyersgroup.documents.tasks import text_read

    post_delete.connect(_on_entry_deleted, dispatch_uid="entries_changes_entry_deleted")

    text_read.connect(_on_document, sender=Document, dispatch_uid="entries_changes_document_text_read")
    post_save.connect(_on_document, sender=Document, dispatch_uid="entries_changes_document_saved")
    post_delete.connect(_on_document, sender=Document, dispatch_uid="entries_changes_document_deleted")
