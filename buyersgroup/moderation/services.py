"""State changes of the review workflow. Each is one transaction.

The entry's row is locked (SELECT … FOR UPDATE) before its state is read, so
when two coordinators act on the same submission at once exactly one wins and
the other gets a TransitionError saying the entry already moved.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buyersgroup.core.security import record
from buyersgroup.entries import changes as entry_changes
from buyersgroup.entries import revisions
from buyersgroup.search import indexing as search_indexing
from buyersgroup.moderation import notifications
from buyersgroup.moderation.models import TRANSITIONS, ReviewEvent, Status


class TransitionError(Exception):
    """The transition is not possible (any more): the message is for the user."""


class CommentRequired(TransitionError):
    """Request changes and reject need a comment for the author."""


COMMENT_REQUIRED = gettext_lazy("Write a comment for the author: it is required to request changes or to reject.")


# A withdrawal is the authors' own step: nobody else needs an e-mail about it.
NOTIFIED = ("submit", "publish", "request_changes", "reject", "archive")


def already_moved(entry) -> str:
    """What a user is told who acts on an entry someone else moved meanwhile."""
    return _("This entry already moved (now: %(state)s). Nothing was changed.") % {
        "state": entry.get_status_display()
    }


class EditConflict(Exception):
    """Someone else saved the entry after this form was opened."""


def _event(entry, action, by, from_status, to_status, comment, *, on_revision=False) -> ReviewEvent:
    return ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        on_revision=on_revision,
    )


def history(entry):
    """The review events of an entry (its revisions' included), oldest first."""
    return ReviewEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(entry), object_id=entry.public_entry.pk
    ).select_related("actor")


def transition(entry, action: str, by, comment: str = "", request=None):
    """Apply ``action`` to ``entry``; return the entry members now see.

    Raises TransitionError when the action does not exist, its comment is
    missing, or the entry is no longer in a state the action starts from.
    The caller has already checked that ``by`` may do it (buyersgroup.access).
    """
    if action not in TRANSITIONS:
        raise TransitionError(_("This action does not exist."))
    step = TRANSITIONS[action]
    from_states, to_state = step.sources, step.target
    comment = (comment or "").strip()
    if step.comment_required and not comment:
        raise CommentRequired(COMMENT_REQUIRED)

    model = type(entry)
    now = timezone.now()
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=entry.pk)
        if locked.status not in from_states or (locked.is_revision and not step.on_revisions):
            raise TransitionError(already_moved(locked))
        from_status = locked.status
        if action == "publish" and locked.is_revision:
            original = model.objects.select_for_update().get(pk=locked.revision_of_id)
            revisions.publish_onto(locked, original)
            model.objects.filter(pk=original.pk).update(version=original.version + 1, updated_at=now)
            _event(original, action, by, from_status, to_state, comment, on_revision=True)
            locked.delete()
            result = model.objects.get(pk=original.pk)
        else:
            changes = {"status": to_state, "version": locked.version + 1, "updated_at": now}
            if action == "submit":
                changes["submitted_at"] = now
            if action == "publish":
                changes["published_at"] = now
            model.objects.filter(pk=locked.pk).update(**changes)
            _event(locked.public_entry, action, by, from_status, to_state, comment, on_revision=locked.is_revision)
            result = model.objects.get(pk=locked.pk)

        if action == "publish":  # its criteria moved over from the revision without signals
            search_indexing.refresh_entry(result)
        entry_changes.bump(model)  # what a search of published entries matches may have changed
        record(
            "transition",
            request,
            actor=by,
            entry=f"{model._meta.label}:{entry.pk}",
            action=action,
            from_status=from_status,
            to_status=to_state,
        )
        if action in NOTIFIED:
            transaction.on_commit(lambda: notifications.notify_transition(result, action, by, comment))
    return result


def check_version(model, pk, expected_version) -> object:
    """Lock the entry and refuse the save when it changed since the form was opened.

    Call inside transaction.atomic(). Returns the locked row.
    """
    locked = model.objects.select_for_update().get(pk=pk)
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    if locked.version != expected:
        raise EditConflict(CHANGED_SINCE_OPENED)
    return locked


CHANGED_SINCE_OPENED = gettext_lazy(
    "This entry was changed by someone else since you opened it. "
    "Your changes were not saved: copy what you need, reload the page and apply them again."
)


def bump_version(entry) -> None:
    type(entry).objects.filter(pk=entry.pk).update(version=entry.version + 1)
    entry.version += 1


__all__ = [
    "CommentRequired", "EditConflict", "Status", "TransitionError", "already_moved", "check_version", "history",
    "transition",
]
