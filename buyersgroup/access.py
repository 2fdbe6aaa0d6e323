"""Who may do what (SPEC §6). The one place that decides; views never re-implement a rule.

Anything a user may not see answers 404, never 403, so ids do not leak.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from buyersgroup.moderation.models import EDITABLE_STATES, TRANSITIONS, Status, Who


def is_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_coordinator(user) -> bool:
    return is_member(user) and getattr(user, "is_coordinator", False)


def has_two_factor(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


def can_see_directory(user) -> bool:
    return is_member(user)


def can_manage_members(user) -> bool:
    """Invite members, decide access requests, manage organisations and criteria."""
    return is_coordinator(user)


def can_use_open_data(user) -> bool:
    """The OCDS export of published tenders (/api/ocds/): members."""
    return is_member(user)


def can_import_tenders(user) -> bool:
    """Import a CSV or XLSX list of tenders as drafts of their authors: coordinators."""
    return is_coordinator(user)


def can_see_email(viewer, member) -> bool:
    return is_member(viewer) and (member.show_email or viewer.pk == member.pk or is_coordinator(viewer))


def coordinator_required(view):
    """Coordinator pages: 404 for everyone else; coordinators must have two-factor on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_members(request.user):
            from buyersgroup.core.security import record

            record("access_denied", request, reason="coordinator page")
            raise Http404
        if not has_two_factor(request.user):
            messages.warning(
                request,
                _("Coordinator pages need two-factor authentication. Set it up first, it takes a minute."),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    wrapper.coordinator_only = True
    return wrapper


# --- Entries (tenders, practices): SPEC §6 ---------------------------------------
#
# | action                         | member | colleague | author | coordinator       |
# | see published                  | yes    | yes       | yes    | yes               |
# | see draft                      | no     | yes       | yes    | no                |
# | see submitted/changes/rejected | no     | yes       | yes    | yes               |
# | see archived                   | no     | yes       | yes    | yes               |
# | edit                           | no     | yes       | yes    | yes (not drafts)  |
# | submit for review, withdraw    | no     | yes       | yes    | —                 |
# | publish/request changes/reject | no     | no        | no     | yes               |
# | archive                        | no     | no        | no     | yes               |
# | delete a draft                 | no     | no        | yes    | yes (not drafts*) |
# | start a new draft from it      | published only, for every member with an organisation |
# "Colleague" = same organisation. *Coordinators never see drafts, so they may
# delete an entry sent back to its authors (changes requested) or rejected.
# Who takes which transition, from which states: moderation.models.TRANSITIONS.


def _is_own(user, entry) -> bool:
    return entry.organisation_id == user.organisation_id or entry.author_id == user.pk


def visible_entries_q(user) -> Q:
    """The Q that limits any entry queryset to what ``user`` may see."""
    if not is_member(user):
        return Q(pk__in=[])
    q = Q(status=Status.PUBLISHED, revision_of__isnull=True)
    if user.organisation_id:
        q |= Q(organisation_id=user.organisation_id)
    q |= Q(author_id=user.pk)
    if is_coordinator(user):
        q |= ~Q(status=Status.DRAFT)
    return q


def can_view_entry(user, entry) -> bool:
    if not is_member(user):
        return False
    if entry.status == Status.PUBLISHED and not entry.is_revision:
        return True
    if _is_own(user, entry):
        return True
    return is_coordinator(user) and entry.status != Status.DRAFT


def can_edit_entry(user, entry) -> bool:
    if not can_view_entry(user, entry) or entry.status not in EDITABLE_STATES:
        return False
    return _is_own(user, entry) or (is_coordinator(user) and entry.status != Status.DRAFT)


def can_delete_entry(user, entry) -> bool:
    if not is_member(user):
        return False
    if entry.author_id == user.pk and entry.status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        return True
    return is_coordinator(user) and entry.status in (Status.CHANGES_REQUESTED, Status.REJECTED)


def can_start_from(user, entry) -> bool:
    """Start a new draft of one's own from ``entry`` ("Start from this tender"): any member with an
    organisation, from a published entry (not a pending edit)."""
    return (
        is_member(user) and user.organisation_id is not None
        and entry.status == Status.PUBLISHED and not entry.is_revision
    )


def can_see_history(user, entry) -> bool:
    """The review history: to the entry's own people and the coordinators."""
    return can_view_entry(user, entry) and (_is_own(user, entry) or is_coordinator(user))


def can_download_document(user, document) -> bool:
    return document.entry is not None and can_view_entry(user, document.entry)


def may_attempt(user, entry, action: str) -> bool:
    """Whether the user's role ever takes ``action`` on this entry (the state aside).

    False answers 404. True with the entry in another state means someone moved it
    meanwhile: the workflow says so ("this entry already moved").
    """
    step = TRANSITIONS.get(action)
    if step is None or not can_view_entry(user, entry):
        return False
    if step.by == Who.COORDINATOR:
        return is_coordinator(user)
    return _is_own(user, entry)


def can_do(user, entry, action: str) -> bool:
    """May ``user`` take ``action`` on ``entry`` now? From the state machine's table."""
    step = TRANSITIONS.get(action)
    return (
        may_attempt(user, entry, action)
        and entry.status in step.sources
        and (step.on_revisions or not entry.is_revision)
    )


def can_review_entry(user, entry) -> bool:
    """The review screen: a coordinator's, for a submitted entry."""
    return can_do(user, entry, "publish")


# --- Questions and answers (buyersgroup.entries.questions) ---------------------------
#
# | action                          | member | colleague | author | coordinator |
# | read the thread                 | whoever sees the entry (not a pending edit)  |
# | post, follow, unfollow          | yes, on a published entry only               |
# | edit a comment                  | its own author, for 15 minutes, not hidden   |
# | hide a comment (with a reason)  | no     | no        | no     | yes         |


def can_see_comments(user, entry) -> bool:
    return can_view_entry(user, entry) and not entry.is_revision


def can_comment(user, entry) -> bool:
    """Post a question or answer, follow or unfollow the thread: published entries only."""
    return can_see_comments(user, entry) and entry.status == Status.PUBLISHED


def can_edit_comment(user, comment, now=None) -> bool:
    from django.utils import timezone

    return (
        is_member(user)
        and comment.author_id == user.pk
        and not comment.is_hidden
        and (now or timezone.now()) < comment.editable_until
        and can_comment(user, comment.entry)
    )


def can_hide_comment(user, comment) -> bool:
    return is_coordinator(user) and not comment.is_hidden and can_see_comments(user, comment.entry)


def visible_comments_q(user) -> Q:
    """The Q that limits any comment queryset to the threads ``user`` may read."""
    from django.contrib.contenttypes.models import ContentType

    from buyersgroup.entries import registry

    from django.db.models import Exists, OuterRef

    # Per comment, "is its entry readable?" (EXISTS): PostgreSQL looks up the few comments' entries
    # by key, or hashes them when there are many, instead of listing every readable entry first.
    q = Q(pk__in=[])
    for kind in registry.kinds():
        readable = kind.model.objects.filter(visible_entries_q(user), revision_of__isnull=True, pk=OuterRef("object_id"))
        q |= Q(content_type=ContentType.objects.get_for_model(kind.model)) & Exists(readable)
    return q
