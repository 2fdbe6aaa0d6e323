"""Saved searches and the entries their digests already announced."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    NEVER = "never", _("No e-mail")
    DAILY = "daily", _("Daily e-mail")
    WEEKLY = "weekly", _("Weekly e-mail")


class SavedSearch(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("search"), max_length=2000, blank=True,
                             help_text=_("The search page's parameters, as in its address."))
    frequency = models.CharField(_("e-mail digest"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.NEVER)
    language = models.CharField(_("language of the e-mails"), max_length=2, default="en")
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    # The filters (their parameters) that no longer take the value saved (a category withdrawn, an
    # organisation removed): ignored, the search would find what it was not meant to, so its digest
    # is paused, the member told once (buyersgroup.search.digests). Saved again, it runs again.
    paused_filters = ArrayField(models.CharField(max_length=40), verbose_name=_("filters no longer valid"),
                                default=list, db_default=[], blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("search:search") + (f"?{self.query}" if self.query else "")


class Announcement(models.Model):
    """An entry a saved search's digest announced: never announced twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="announcements")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["saved_search", "content_type", "object_id"],
                                               name="announced_once_per_saved_search")]
