"""The review workflow shared by tenders and practices (SPEC §3).

    draft ──submit──▶ submitted ──publish──▶ published ──archive──▶ archived
      ▲                  │  │
      ├─request changes──┤  └──reject──▶ rejected
      └────withdraw──────┘   (by the authors, before a coordinator acted)

``TRANSITIONS`` below is the one table of the workflow. "Request changes" sends the entry back to the authors in the state
``changes_requested``: it behaves like a draft (editable, can be submitted again)
but coordinators, who have already seen it, keep seeing it.

Editing a published entry never bypasses review: the edit is saved on a
*revision* — a second row of the same model with ``revision_of`` pointing at the
published one — that goes through the same workflow. Publishing the revision
copies it onto the published entry; members see the published row throughout.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class Who(models.TextChoices):
    """Who may perform a transition (besides seeing the entry)."""

    OWNER = "owner", _("the entry's author or a colleague of the same organisation")
    COORDINATOR = "coordinator", _("a coordinator")


class Transition(NamedTuple):
    name: str
    sources: tuple[str, ...]
    target: str
    by: str
    comment_required: bool = False
    on_revisions: bool = True  # may a pending edit of a published entry take it?


# The state machine: the only transitions that exist, where they start, where they
# lead and who may take them. buyersgroup.access derives its action rules from it.
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", (Status.DRAFT, Status.CHANGES_REQUESTED), Status.SUBMITTED, Who.OWNER),
        Transition("withdraw", (Status.SUBMITTED,), Status.DRAFT, Who.OWNER),
        Transition("publish", (Status.SUBMITTED,), Status.PUBLISHED, Who.COORDINATOR),
        Transition("request_changes", (Status.SUBMITTED,), Status.CHANGES_REQUESTED, Who.COORDINATOR,
                   comment_required=True),
        Transition("reject", (Status.SUBMITTED,), Status.REJECTED, Who.COORDINATOR, comment_required=True),
        Transition("archive", (Status.PUBLISHED,), Status.ARCHIVED, Who.COORDINATOR, on_revisions=False),
    )
}
REVIEW_DECISIONS = ("publish", "request_changes", "reject")
EDITABLE_STATES = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED)


class ReviewEvent(models.Model):
    """One transition of one entry: who, when, from, to, and the comment.

    Always attached to the public entry (a revision's events too, flagged
    ``on_revision``), so the history survives when a revision is merged.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    on_revision = models.BooleanField(
        _("on a revision"), default=False, help_text=_("The transition concerned a pending edit.")
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        verbose_name = _("review event")
        verbose_name_plural = _("review history")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"
