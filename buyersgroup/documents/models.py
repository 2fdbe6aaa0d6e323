"""Documents attached to tenders and practices (SPEC §5).

A document belongs to one entry through a generic relation, so tenders and
practices share one table (``documents = GenericRelation("documents.Document")``
on the entry model). The file is stored under a name the server makes up; the
name the member gave is kept only for display and for the download.

Several rows may point at the same stored file: the pending revision of a
published entry gets copies of its documents (``services.clone_for``). A file is
therefore removed only when the last row referring to it is gone
(``signals.py``), never by deleting one row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buyersgroup.members.models import Language
from buyersgroup.search.config import CONFIG_BY_LANGUAGE, FALLBACK_CONFIG


class DocumentType(models.TextChoices):
    SPECIFICATION = "specification", _("Specification")
    AWARD_REPORT = "award_report", _("Award report")
    MARKET_CONSULTATION = "market_consultation", _("Market consultation")
    CONTRACT_CLAUSES = "contract_clauses", _("Contract clauses")
    EVALUATION_GRID = "evaluation_grid", _("Evaluation grid")
    OTHER = "other", _("Other")


# OCDS documentType codelist (open data export, SPEC §9); None: no fitting code.
OCDS_DOCUMENT_TYPE = {
    DocumentType.SPECIFICATION: "biddingDocuments",
    DocumentType.AWARD_REPORT: "evaluationReports",
    DocumentType.MARKET_CONSULTATION: "marketStudies",
    DocumentType.CONTRACT_CLAUSES: "contractSchedule",
    DocumentType.EVALUATION_GRID: "evaluationCriteria",
    DocumentType.OTHER: None,
}


class Kind(models.TextChoices):
    """The file types accepted, as detected from the content (validation.py)."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    ODT = "odt", _("OpenDocument text (ODT)")
    XLSX = "xlsx", "Excel (XLSX)"
    ODS = "ods", _("OpenDocument spreadsheet (ODS)")


MIME_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.ODT: "application/vnd.oasis.opendocument.text",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}


class Extraction(models.TextChoices):
    PENDING = "pending", _("Text being read")
    DONE = "done", _("Text searchable")
    FAILED = "failed", _("No text")


def storage_name(kind: str) -> str:
    """A fresh server-made name: ``documents/<year>/<uuid>.<kind>``, never the member's."""
    return f"documents/{timezone.now():%Y}/{uuid.uuid4().hex}.{kind}"


def _upload_to(instance, filename) -> str:
    # Only reached when a file is saved through the field (the admin cannot add
    # documents; services.py stores files itself): still never the given name.
    return storage_name(instance.kind or "bin")


def _document_vector(config: str):
    return SearchVector("original_name", config=models.Value(config), weight="C") + SearchVector(
        Left("text", SEARCHABLE_CHARACTERS), config=models.Value(config), weight="D"
    )


SEARCHABLE_CHARACTERS = 200_000


class DocumentQuerySet(models.QuerySet):
    def for_entry(self, entry):
        return self.filter(content_type=ContentType.objects.get_for_model(entry), object_id=entry.pk)


class Document(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")

    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200, db_index=True)
    original_name = models.CharField(_("file name"), max_length=255)
    doc_type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("file type"), max_length=10, choices=Kind.choices)
    mime = models.CharField(_("media type"), max_length=100)

    text = models.TextField(_("text"), blank=True, help_text=_("Read from the file, for search."))
    extraction_status = models.CharField(
        _("text status"), max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )

    # The file name and text analysed in the document's own language (buyersgroup.search.config),
    # computed by the database whenever the text changes. The text is capped: a tsvector holds 1 MB.
    search_vector = models.GeneratedField(
        expression=models.Case(
            *(models.When(language=language, then=_document_vector(config))
              for language, config in CONFIG_BY_LANGUAGE.items()),
            default=_document_vector(FALLBACK_CONFIG),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            GinIndex(fields=["search_vector"], name="document_search_vector"),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name

    @property
    def ocds_document_type(self) -> str | None:
        return OCDS_DOCUMENT_TYPE.get(self.doc_type)

    @property
    def extraction_note(self) -> str:
        """What to tell members about the text of this document ("" when all is well)."""
        if self.extraction_status == Extraction.FAILED:
            return _("No text could be read: this may be a scanned image or a damaged file.")
        if self.extraction_status == Extraction.PENDING:
            return _("The text is being read; it becomes searchable in a moment.")
        return ""
