"""Practices: best practices, case studies, guidance, model clauses, lessons learned and reports (SPEC §2)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.markdown import render_markdown
from buyersgroup.entries.models import (
    Entry, action_indexes, author_index, classification_indexes, queue_index, title_words_index, words_indexes,
)
from buyersgroup.moderation.models import Status
from buyersgroup.members.models import Language


class PracticeType(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("Best practice or case study")
    GUIDANCE = "guidance", _("Guidance note")
    MODEL_CLAUSE = "model_clause", _("Model clause or template")
    LESSONS = "lessons", _("Lessons learned")
    REPORT = "report", _("Report")


class Theme(models.TextChoices):
    MARKET_ENGAGEMENT = "market_engagement", _("Market engagement")
    CIRCULAR = "circular_criteria", _("Circular criteria")
    FAIR = "fair_criteria", _("Fair and social criteria")
    LIFE_EXTENSION = "life_extension", _("Life extension and reuse")
    REFURBISHED = "refurbished", _("Refurbished equipment")
    TAKE_BACK = "take_back", _("Take-back and end of life")
    CONTRACT_MANAGEMENT = "contract_management", _("Contract management and monitoring")
    TCO = "tco", _("Total cost of ownership")
    JOINT = "joint_procurement", _("Joint procurement")
    TRAINING = "training", _("Training")


positive = [MinValueValidator(0)]


class Practice(Entry):
    title = models.CharField(_("title"), max_length=300)
    practice_type = models.CharField(_("type"), max_length=20, choices=PracticeType.choices,
                                     default=PracticeType.BEST_PRACTICE)
    themes = ArrayField(models.CharField(max_length=30, choices=Theme.choices), verbose_name=_("themes"),
                        default=list, blank=True)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences: what was done and what came of it."))
    body = models.TextField(
        _("text"), blank=True,
        help_text=_("Markdown: # heading, **bold**, *italic*, - list, [link](https://…), | tables |."),
    )
    recommendations = models.TextField(
        _("recommendations"), blank=True,
        help_text=_("For reports: the recommendations, shown first (Markdown, one per list item)."),
    )
    language = models.CharField(_("language of this entry"), max_length=2, choices=Language.choices,
                                default=Language.NL)
    categories = models.ManyToManyField("taxonomy.ProductCategory", verbose_name=_("product categories"),
                                        blank=True, related_name="practices")
    related_tenders = models.ManyToManyField("tenders.Tender", verbose_name=_("related tenders"), blank=True,
                                             related_name="practices")
    criteria = models.ManyToManyField("taxonomy.Criterion", verbose_name=_("related criteria"), blank=True,
                                      related_name="practices")
    results = models.TextField(_("measured results"), blank=True,
                               help_text=_("What changed, in words; the figures below are optional."))
    devices_reused = models.PositiveIntegerField(_("devices reused or refurbished"), null=True, blank=True)
    lifetime_extension_years = models.DecimalField(
        _("lifetime extension (years)"), max_digits=4, decimal_places=1, null=True, blank=True, validators=positive,
    )
    co2e_avoided_tonnes = models.DecimalField(
        _("CO2e avoided (tonnes)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=positive,
    )
    money_saved_eur = models.DecimalField(
        _("money saved (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=positive,
    )
    # Rendered once per save (a revision is its own row): views never render Markdown.
    body_html = models.TextField(editable=False, blank=True)
    recommendations_html = models.TextField(editable=False, blank=True)

    revision_m2m = ("categories", "related_tenders", "criteria")
    revision_diff_exclude = ("body_html", "recommendations_html")

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # The published list's order, as the tenders': its page and its capped count read this index only.
            models.Index(fields=["-published_at", "-id"], name="practice_published_list", include=["updated_at", "status"],
                         condition=Q(status=Status.PUBLISHED, revision_of__isnull=True)),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["practice_type", "status", "-published_at"]),
            author_index("practice_by_author"),
            *action_indexes("practice"),
            queue_index("practice"),
            title_words_index("practice"),
            *words_indexes("practice"),
            *classification_indexes("practice"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.recommendations_html = render_markdown(self.recommendations)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "recommendations_html"}
        super().save(*args, **kwargs)

    def get_themes_display(self) -> str:
        """The themes' names in the reader's language (an ArrayField has no display method of its own)."""
        names = dict(Theme.choices)
        return ", ".join(str(names.get(theme, theme)) for theme in self.themes)

    @property
    def is_model_clause(self) -> bool:
        return self.practice_type == PracticeType.MODEL_CLAUSE

    @property
    def has_figures(self) -> bool:
        return any(v is not None for v in (self.devices_reused, self.lifetime_extension_years,
                                           self.co2e_avoided_tonnes, self.money_saved_eur))
