"""The abstract entry and its queryset. See buyersgroup.moderation.models for the workflow."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buyersgroup.moderation.models import Status


class EntryQuerySet(models.QuerySet):
    """Every list, count, search, export and download of entries starts here."""

    def visible_to(self, user):
        from buyersgroup import access

        return self.filter(access.visible_entries_q(user))

    def published(self):
        """What every member sees: published originals (never a pending edit)."""
        return self.filter(status=Status.PUBLISHED, revision_of__isnull=True)

    def awaiting_review(self):
        return self.filter(status=Status.SUBMITTED)

    def needing_action_of(self, user):
        """Drafts not yet submitted and entries sent back with changes requested, of the user's organisation."""
        own = Q(author_id=user.pk)
        if user.organisation_id:
            own |= Q(organisation_id=user.organisation_id)
        return self.filter(own, status__in=(Status.DRAFT, Status.CHANGES_REQUESTED))


class Entry(models.Model):
    """What tenders and practices share: author, organisation, review state, revisions, documents, history.

    A kind declares what a revision copies besides its concrete content fields:
    ``revision_m2m`` (many-to-many field names) and ``revision_children`` (related
    names of child rows, e.g. a tender's applied criteria). Documents and review
    history are handled here for every kind.
    """

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

    # Deleting an entry deletes its documents (their files follow after the commit,
    # buyersgroup.documents.signals) and its review history.
    # Words, organisation names and classification labels for search (buyersgroup.search.indexing).
    search_vector = SearchVectorField(null=True, editable=False)

    documents = GenericRelation("documents.Document")
    review_events = GenericRelation("moderation.ReviewEvent")

    revision_m2m: tuple[str, ...] = ()
    revision_children: tuple[str, ...] = ()
    revision_diff_exclude: tuple[str, ...] = ()  # derived fields the review screen does not compare

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True

    # Fields of the core: never copied between an entry and its revision.
    CORE_FIELDS = frozenset({
        "id", "status", "author", "organisation", "revision_of", "version", "created_at", "updated_at",
        "submitted_at", "published_at", "search_vector",
    })

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def public_entry(self):
        """The entry members see: the published original of a revision, else itself."""
        return self.revision_of if self.is_revision else self

    @classmethod
    def content_fields(cls):
        """The concrete fields a revision copies (everything but the core's own)."""
        return [f for f in cls._meta.concrete_fields if f.name not in cls.CORE_FIELDS]
