"""Tenders: one ICT procurement a member's organisation ran or is running (SPEC §2)."""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Func, OrderBy, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buyersgroup.members.models import Language, normalise_enterprise_number, validate_enterprise_number
from buyersgroup.entries.models import (
    PUBLISHED, SEARCH_COLUMNS, Entry, EntryManager, EntryQuerySet, action_indexes, author_index, classification_indexes,
    queue_index, title_words_index, words_indexes,
)
from buyersgroup.moderation.models import Status
from buyersgroup.core.db import ArrayBits
from buyersgroup.taxonomy.cpv import CPV_DIVISIONS
from buyersgroup.taxonomy.models import Pillar


class ContractType(models.TextChoices):
    SUPPLIES = "supplies", _("Supplies")
    SERVICES = "services", _("Services")
    WORKS = "works", _("Works")


class ProcedureType(models.TextChoices):
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATION = "neg-w-call", _("Competitive procedure with negotiation")
    DIALOGUE = "comp-dial", _("Competitive dialogue")
    INNOVATION = "innovation", _("Innovation partnership")
    NEGOTIATED_NO_PUBLICATION = "neg-wo-call", _("Negotiated without prior publication")
    BELOW_THRESHOLD = "below-threshold", _("Below-threshold / low-value procedure")
    FRAMEWORK_CALL_OFF = "fa-call-off", _("Call-off under a framework agreement")
    DPS = "dps", _("Dynamic purchasing system")


class Stage(models.TextChoices):
    """Where the procurement itself stands (not the entry's review state)."""

    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for bids")
    AWARDED = "awarded", _("Awarded")
    RUNNING = "running", _("Contract running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class CriterionUse(models.TextChoices):
    SELECTION = "selection", _("Selection criterion")
    SPECIFICATION = "specification", _("Technical specification")
    AWARD = "award", _("Award criterion")
    CONTRACT_CLAUSE = "contract_clause", _("Contract performance clause")
    MARKET_CONSULTATION = "market_consultation", _("Market consultation only")


class Verification(models.TextChoices):
    LABEL = "label", _("Label or certificate")
    SELF_DECLARATION = "self_declaration", _("Self-declaration")
    TEST_REPORT = "test_report", _("Test report")
    AUDIT = "audit", _("Audit")
    MONITORING = "monitoring", _("Independent monitoring")


money = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True, "validators": [MinValueValidator(0)]}


class TenderQuerySet(EntryQuerySet):
    def for_list(self):
        """What a list row shows. The criteria count is a subquery per row of the page, not a
        GROUP BY over every visible tender: the list stays an index scan that stops after the page."""
        criteria = (
            AppliedCriterion.objects.filter(tender=OuterRef("pk"))
            .order_by()
            .annotate(n=models.Func(models.F("pk"), function="COUNT"))  # no GROUP BY: one row, 0 when none
            .values("n")
        )
        # Categories as a plain list (``tender.category_list``): the template does not build a
        # related manager and a queryset per row to read them.
        categories = models.Prefetch("categories", to_attr="category_list")
        return self.select_related("organisation").prefetch_related(categories).annotate(
            criteria_count=Subquery(criteria, output_field=models.IntegerField())
        )


class Tender(Entry):
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("your reference"), max_length=100, blank=True,
                                 help_text=_("The buyer's own file number, e.g. 2025/ICT/014."))
    co_buyers = models.ManyToManyField(
        "members.Organisation", verbose_name=_("co-buyers"), blank=True, related_name="co_bought_tenders",
        help_text=_("Other organisations in a joint procurement."),
    )
    summary = models.TextField(_("summary"), help_text=_("What was bought, for whom, and what made it sustainable."))
    language = models.CharField(_("language of this entry"), max_length=2, choices=Language.choices, default=Language.NL)
    categories = models.ManyToManyField(
        "taxonomy.ProductCategory", verbose_name=_("product categories"), blank=True, related_name="tenders"
    )
    main_cpv = models.ForeignKey(
        "taxonomy.CpvCode", verbose_name=_("main CPV code"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    additional_cpvs = models.ManyToManyField(
        "taxonomy.CpvCode", verbose_name=_("additional CPV codes"), blank=True, related_name="+"
    )
    contract_type = models.CharField(_("contract type"), max_length=20, choices=ContractType.choices,
                                     default=ContractType.SUPPLIES)
    procedure_type = models.CharField(_("procedure type"), max_length=20, choices=ProcedureType.choices)
    framework_agreement = models.BooleanField(_("framework agreement"), default=False)
    central_purchasing_body = models.CharField(
        _("central purchasing body used"), max_length=200, blank=True,
        help_text=_("If you bought through one, e.g. FOR-CMS or Digitaal Vlaanderen."),
    )
    estimated_value = models.DecimalField(_("estimated value (EUR, excl. VAT)"), **money)
    awarded_value = models.DecimalField(_("awarded value (EUR, excl. VAT)"), **money)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    award_date = models.DateField(_("award date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("contract duration (months)"), null=True, blank=True, validators=[MaxValueValidator(240)]
    )
    stage = models.CharField(_("procurement stage"), max_length=20, choices=Stage.choices, default=Stage.AWARDED)
    notice_url = models.URLField(
        _("link to the official notice"), blank=True, max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("TED or the Belgian e-procurement platform (https://…)."),
    )
    document_languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices), verbose_name=_("languages of the documents"),
        default=list, blank=True,
    )
    bids_received = models.PositiveSmallIntegerField(_("number of bids received"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    contact = models.ForeignKey(
        "members.Member", verbose_name=_("contact person"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The published tender a member started this one from ("Start from this tender"), if any.
    started_from = models.ForeignKey(
        "self", verbose_name=_("started from"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    # Where its criteria were used (award criterion, technical specification…), each once, written
    # with its search vector (buyersgroup.search.indexing): the facet "Where the criterion was used"
    # reads it from the matching rows instead of each match's applied criteria.
    criterion_uses = ArrayField(models.CharField(max_length=30), default=list, db_default=[], editable=False)
    # The pillars of its criteria, each once, written with them (the facet and filter "Pillar", the marks
    # of its row in the search results).
    criterion_pillars = ArrayField(models.CharField(max_length=20), default=list, db_default=[], editable=False)
    # The first digits of its CPV codes (main and further), each once, from the division down ("30",
    # "302", "3021", "30213", "302131" of 30213100), written with them: the CPV picker counts the
    # matches under each code it lists from the matching rows (buyersgroup.search.facets).
    cpv_prefixes = ArrayField(models.CharField(max_length=8), default=list, db_default=[], editable=False)
    # Its codes' divisions, each once ("30", "48"): the picker's first list, counted with the facets
    # grouped by these lists (a few hundred different ones), not one row per prefix and match.
    cpv_divisions = ArrayField(models.CharField(max_length=2), default=list, db_default=[], editable=False)
    # The same lists as bit masks, kept by the database with them (core.db.ArrayBits): the facets of a
    # search group its matches by these (integers hash and compare faster than arrays).
    pillar_bits = models.GeneratedField(expression=ArrayBits("criterion_pillars", Pillar.values),
                                        output_field=models.BigIntegerField(), db_persist=True)
    use_bits = models.GeneratedField(expression=ArrayBits("criterion_uses", CriterionUse.values),
                                     output_field=models.BigIntegerField(), db_persist=True)
    division_bits = models.GeneratedField(expression=ArrayBits("cpv_divisions", CPV_DIVISIONS),
                                          output_field=models.BigIntegerField(), db_persist=True)
    # The languages of its documents, given or uploaded; and of those uploaded alone (none: no document).
    document_language_bits = models.GeneratedField(
        expression=ArrayBits(Func("document_languages", "uploaded_languages", function="array_cat"), Language.values),
        output_field=models.BigIntegerField(), db_persist=True)
    uploaded_bits = models.GeneratedField(expression=ArrayBits("uploaded_languages", Language.values),
                                          output_field=models.BigIntegerField(), db_persist=True)
    # The core's manager (the search columns are never loaded with a tender) with the tender's own queries.
    objects = EntryManager.from_queryset(TenderQuerySet)()
    search_columns = (*SEARCH_COLUMNS, "criterion_uses", "criterion_pillars", "cpv_prefixes", "cpv_divisions",
                      "pillar_bits", "use_bits", "division_bits", "document_language_bits", "uploaded_bits")

    # What a revision copies besides the content fields (buyersgroup.entries.revisions).
    revision_m2m = ("co_buyers", "categories", "additional_cpvs")
    revision_children = ("applied_criteria", "awarded_suppliers")

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # The lists' orders, so that a page is an index scan that stops after its rows (SPEC §12).
            # The published list's replaces (status, -published_at), which needed a sort on the id.
            # With the key of a kept row (entries.rows): a deep page reads the index only.
            models.Index(fields=["-published_at", "-id"], name="tender_published_list", include=["updated_at", "status"],
                         condition=Q(status=Status.PUBLISHED, revision_of__isnull=True)),
            models.Index(fields=["organisation", "-published_at", "-id"], name="tender_published_by_org",
                         include=["updated_at", "status"], condition=Q(status=Status.PUBLISHED, revision_of__isnull=True)),
            # Covering the visibility rule's columns: the capped count of "my organisation" reads the index only.
            models.Index(fields=["organisation", "-updated_at", "-id"], include=["status", "revision_of", "author"],
                         name="tender_organisation_recent"),
            author_index("tender_by_author"),
            *action_indexes("tender"),
            queue_index("tender"),
            title_words_index("tender"),
            *words_indexes("tender"),
            *classification_indexes("tender"),
            # The search's CPV filter, of the published tenders (the words indexes' condition): a code's
            # 161 tenders found in 0.5 ms instead of reading the 90,000 (110 ms).
            GinIndex(fields=["cpv_prefixes"], name="tender_cpv_prefixes", condition=PUBLISHED),
            # The search's and the API's "newest first" (the notice's date, else the day it was shared):
            # the expression buyersgroup.search.service sorts on, so a page stops after its rows.
            models.Index(
                OrderBy(Coalesce("publication_date", TruncDate("published_at")), descending=True, nulls_last=True),
                OrderBy(F("id"), descending=True),
                name="tender_published_by_date",
                condition=Q(status=Status.PUBLISHED, revision_of__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(award_date__isnull=True) | Q(publication_date__isnull=True)
                | Q(award_date__gte=models.F("publication_date")),
                name="tender_award_not_before_publication",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tenders:detail", args=[self.pk])


class AppliedCriterion(models.Model):
    """One sustainability criterion as this tender applied it."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="applied_criteria")
    criterion = models.ForeignKey(
        "taxonomy.Criterion", verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="applications"
    )
    used_in = models.CharField(_("where it was used"), max_length=30, choices=CriterionUse.choices)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Only for award criteria: its share of the score, 0–100."),
    )
    verification = models.CharField(_("how it was verified"), max_length=30, choices=Verification.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("applied criterion")
        verbose_name_plural = _("applied criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(used_in="award", weight__gte=0, weight__lte=100),
                name="applied_criterion_weight_only_for_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} ({self.get_used_in_display()})"

    def describe(self) -> str:
        """One line with everything the buyer recorded, to compare a revision with the published tender."""
        parts = [str(self.criterion), str(self.get_used_in_display())]
        if self.weight is not None:
            parts.append(f"{self.weight.normalize():f} %")
        if self.verification:
            parts.append(str(self.get_verification_display()))
        if self.note:
            parts.append(f"“{self.note}”")
        return " · ".join(parts)


FOREIGN_VAT = re.compile(r"[A-Z]{2}(?=[0-9A-Z]*[0-9])[0-9A-Z]{2,13}")  # a country code, then letters and at least one digit


def normalise_supplier_number(value: str) -> str:
    """A supplier's Belgian enterprise number or foreign VAT number in one stored form.

    Belgian ('0207.437.468', 'BE 0207 437 468', '207437468') is checked like an organisation's
    (mod-97) and stored as its 10 digits; a foreign VAT number is a two-letter country prefix
    and 2 to 13 letters or digits, at least one a digit ('NL123456789B01', 'fr 40 303 265 045'), stored without
    spaces, dots or dashes, in capitals. Raises ValidationError when it is neither.
    """
    compact = re.sub(r"[\s.\-/]", "", value).upper()
    if not compact:
        return ""
    if compact.startswith("BE") or compact.isdigit():
        validate_enterprise_number(compact)
        return normalise_enterprise_number(compact)
    if not FOREIGN_VAT.fullmatch(compact):
        raise ValidationError(
            _("Give a Belgian enterprise number (e.g. 0207.437.468) or a VAT number starting with its "
              "country code (e.g. NL123456789B01)."),
            code="format",
        )
    return compact


class AwardedSupplier(models.Model):
    """A company the contract (or one of its lots, or the framework agreement) was awarded to (SPEC §2)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="awarded_suppliers")
    name = models.CharField(_("supplier name"), max_length=200)
    enterprise_number = models.CharField(
        _("enterprise or VAT number"), max_length=30, blank=True,
        help_text=_("Optional, e.g. 0207.437.468 or a foreign VAT number such as NL123456789B01."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("awarded supplier")
        verbose_name_plural = _("awarded suppliers")

    def __str__(self) -> str:
        return f"{self.name} ({self.enterprise_number_display})" if self.enterprise_number else self.name

    @property
    def enterprise_number_display(self) -> str:
        """A Belgian number with its dots (0207.437.468); a foreign VAT number as stored."""
        n = self.enterprise_number
        return f"{n[:4]}.{n[4:7]}.{n[7:]}" if len(n) == 10 and n.isdigit() else n
