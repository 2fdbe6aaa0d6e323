"""The review workflow shared by tenders and practices (SPEC §3).

    draft ──submit──▶ submitted ──publish──▶ published ──archive──▶ archived
      ▲                  │  │
      └─request changes──┘  └──reject──▶ rejected

"Request changes" sends the entry back to the authors in the state
``changes_requested``: it behaves like a draft (editable, can be submitted again)
but coordinators, who have already seen it, keep seeing it.

Editing a published entry never bypasses review: the edit is saved on a
*revision* — a second row of the same model with ``revision_of`` pointing at the
published one — that goes through the same workflow. Publishing the revision
copies it onto the published entry; members see the published row throughout.
"""

from __future__ import annotations

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


# The only transitions that exist: name -> (from states, to state, comment required).
TRANSITIONS = {
    "submit": ((Status.DRAFT, Status.CHANGES_REQUESTED), Status.SUBMITTED, False),
    "publish": ((Status.SUBMITTED,), Status.PUBLISHED, False),
    "request_changes": ((Status.SUBMITTED,), Status.CHANGES_REQUESTED, True),
    "reject": ((Status.SUBMITTED,), Status.REJECTED, True),
    "archive": ((Status.PUBLISHED,), Status.ARCHIVED, False),
}
EDITABLE_STATES = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED)


class Entry(models.Model):
    """What tenders and practices share: author, organisation, review state, revisions."""

    status = models.CharField(
        _("review state"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "members.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    revision_of = models.OneToOneField(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_revision",
        help_text=_("Set on the pending edit of a published entry."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def public_entry(self):
        """The entry members see: the published original of a revision, else itself."""
        return self.revision_of if self.is_revision else self

    def copy_revision_onto(self, original) -> None:  # pragma: no cover - each model implements it
        """Copy this revision's content (fields, related rows, documents) onto ``original``."""
        raise NotImplementedError


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
