"""The abstract entry and its queryset. See buyersgroup.moderation.models for the workflow."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from buyersgroup.moderation.models import Status


# Read by SQL only (search), kept current by SQL: never loaded with an entry, so no page pays
# for reading them and no save() writes a stale copy back. A kind adds its own (Entry.search_columns).
SEARCH_COLUMNS = ("search_vector", "documents_vector", "category_ids", "criterion_ids", "uploaded_languages")


# Published originals (never a pending edit): what every member sees, what every search reads.
PUBLISHED = Q(status=Status.PUBLISHED, revision_of__isnull=True)


class EntryQuerySet(models.QuerySet):
    """Every list, count, search, export and download of entries starts here."""

    def visible_to(self, user):
        from buyersgroup import access

        return self.filter(access.visible_entries_q(user))

    def published(self):
        """What every member sees: published originals (never a pending edit)."""
        return self.filter(PUBLISHED)


class EntryManager(models.Manager.from_queryset(EntryQuerySet)):
    def get_queryset(self):
        return super().get_queryset().defer(*self.model.search_columns)


# What waits for its authors' action (the home page's "Needs your action").
ACTION_STATES = (Status.CHANGES_REQUESTED, Status.DRAFT)


def action_indexes(prefix: str) -> list[models.Index]:
    """A kind's indexes of what waits for action, by organisation and by author, in the order
    entries.queue.needing_action() shows them: a member's home page reads its few rows, not every draft."""
    return [
        models.Index(fields=[column, "status", "-updated_at", "-id"], name=f"{prefix}_to_act_by_{short}",
                     condition=Q(status__in=ACTION_STATES))
        for column, short in (("organisation", "org"), ("author", "author"))
    ]


def title_words_index(prefix: str) -> GinIndex:
    """A kind's published titles by trigram (pg_trgm): "Did you mean …?" finds the titles holding a
    word close to one typed (buyersgroup.search.query.suggestion) without reading every title."""
    return GinIndex(OpClass(Lower("title"), name="gin_trgm_ops"), name=f"{prefix}_title_trgm", condition=PUBLISHED)


def words_indexes(prefix: str) -> list[GinIndex]:
    """A kind's words and its documents' words (``search_vector``, ``documents_vector``), of its
    published entries only, which are all a search reads (buyersgroup.search.query.matching). Their
    condition is the one a search puts on the entries: PostgreSQL reads each match's row once, from
    the bitmap of both indexes, and checks nothing more (with indexes of every entry, it looked the
    matches' ids up in them and read the rows again by key, or combined them with the status index,
    a bitmap of 90,000 rows; the typical search's facets and ranking 16 -> 10 ms each)."""
    return [GinIndex(fields=[column], name=f"{prefix}_{column}", condition=PUBLISHED)
            for column in ("search_vector", "documents_vector")]


def classification_indexes(prefix: str) -> list[GinIndex]:
    """The ids of a kind's entries' categories and criteria (``category_ids``, ``criterion_ids``),
    which the search's filters read (buyersgroup.search.filters.ROW_IDS): a category's entries found
    as a bitmap, combined with the words' (a category, a criterion and 'laptop': 731 of 100,000
    tenders in 13 ms instead of 200). Of every entry, not of the published only like the words':
    such a small index, holding the published entries, was PostgreSQL's cheapest way to read them
    all, and it read every published tender to check the words of a word in most tenders ('laptop'
    with a category and a criterion: the facets 180 -> 400 ms)."""
    return [GinIndex(fields=[column], name=f"{prefix}_{column}")
            for column in ("category_ids", "criterion_ids")]


def queue_index(prefix: str) -> models.Index:
    """A kind's entries waiting for review, in the review queue's order (oldest first): its page,
    its count and the coordinators' home figures read this small index only."""
    return models.Index(fields=["submitted_at", "id"], name=f"{prefix}_review_queue", condition=Q(status=Status.SUBMITTED))


def author_index(name: str) -> models.Index:
    """A kind's index of its entries by author, with their ids: what the rule of who sees what
    (an author's own entries) and the removal of a member's account (author set to NULL) look up."""
    return models.Index(fields=["author"], include=["id"], name=name)


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
        db_index=False,  # each kind's author_index()
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
    # buyersgroup.documents.signals), its review history, its questions and answers
    # and who follows them.
    # Words, organisation names and classification labels for search (buyersgroup.search.indexing).
    search_vector = SearchVectorField(null=True, editable=False)
    # The words of its documents, combined by the database whenever they change (search migration 0003).
    documents_vector = SearchVectorField(null=True, editable=False)
    # The ids of its categories and criteria, written with the vector by the same UPDATE: the search
    # counts its facets from the matching rows themselves instead of joining the link tables once
    # per match (buyersgroup.search.facets).
    category_ids = ArrayField(models.BigIntegerField(), default=list, db_default=[], editable=False)
    criterion_ids = ArrayField(models.BigIntegerField(), default=list, db_default=[], editable=False)
    # The languages of its documents, each once (empty: it has none), kept with ``documents_vector``
    # by the database (search migration 0004): the facets "Document language" and "Documents"
    # read it from the matching rows instead of each match's documents.
    uploaded_languages = ArrayField(models.CharField(max_length=2), default=list, db_default=[], editable=False)

    documents = GenericRelation("documents.Document")
    review_events = GenericRelation("moderation.ReviewEvent")
    comments = GenericRelation("entries.Comment")
    follows = GenericRelation("entries.Follow")

    revision_m2m: tuple[str, ...] = ()
    revision_children: tuple[str, ...] = ()
    revision_diff_exclude: tuple[str, ...] = ()  # derived fields the review screen does not compare

    objects = EntryManager()
    search_columns: tuple[str, ...] = SEARCH_COLUMNS

    class Meta:
        abstract = True

    # Fields of the core: never copied between an entry and its revision.
    CORE_FIELDS = frozenset({
        "id", "status", "author", "organisation", "revision_of", "version", "created_at", "updated_at",
        "submitted_at", "published_at", *SEARCH_COLUMNS,
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
        return [f for f in cls._meta.concrete_fields if f.name not in cls.CORE_FIELDS | set(cls.search_columns)]


# --- Questions and answers under published entries (buyersgroup.entries.questions) ---


class CommentQuerySet(models.QuerySet):
    def on(self, entry):
        return self.filter(content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk)

    def visible_to(self, user):
        """Comments of the threads ``user`` may read (hidden ones included: the page says so)."""
        from buyersgroup import access

        return self.filter(access.visible_comments_q(user))


class Comment(models.Model):
    """A question or an answer in the thread under an entry: plain text, shown in order of posting."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")

    MAX_LENGTH = 4000
    EDIT_WINDOW = timedelta(minutes=15)  # how long its author may correct it

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("question or answer"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    body = models.TextField(_("text"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hidden by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def editable_until(self):
        return self.created_at + self.EDIT_WINDOW


class Follow(models.Model):
    """Whether a member gets an e-mail for each new comment in an entry's thread.

    Posting follows the thread. The entry's author follows it without a row until its
    first comment, which gives them one (questions.followed); a row with ``following``
    False is an unfollow, which also stops the author's e-mails.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    following = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "content_type", "object_id"], name="follow_once_per_thread")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.member_id} → {self.content_type_id}:{self.object_id}"


class AnswerNotice(models.Model):
    """An answer for a member's home page ("New answers in threads you follow"): one row per
    member who followed the thread when it was posted, written with the answer (questions.post)
    and removed when they unfollow. The home page reads a member's newest rows, whatever the
    number of threads they follow; who may still read the thread is checked when it is shown."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()  # the answer's, for the order

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "comment"], name="notice_once_per_member")]
        indexes = [models.Index(fields=["member", "-created_at", "-comment"], name="notice_newest_first")]

    def __str__(self) -> str:
        return f"{self.member_id} ← {self.comment_id}"


class KindChanges(models.Model):
    """How many times what a search of a kind's published entries can match has changed
    (buyersgroup.entries.changes): the stamp of the counts kept for searches without words."""

    kind = models.CharField(max_length=100, primary_key=True)  # the model's label, "tenders.Tender"
    changes = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind}: {self.changes}"
