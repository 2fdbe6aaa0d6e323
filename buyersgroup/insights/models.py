"""The one thing Insights stores itself: how often documents are downloaded.

A counter per document and day, without who downloaded it (no personal data, nothing to
erase): the group's activity figure sums them. Counting is one INSERT ... ON CONFLICT
DO UPDATE per download, whatever the number of documents in it (a ZIP of all of them).
"""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentDownloads(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("document downloads on a day")
        verbose_name_plural = _("document downloads per day")
        constraints = [models.UniqueConstraint(fields=["document", "day"], name="document_downloads_once_a_day")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.day}: {self.count}"


def count_downloads(documents) -> None:
    """Add one download to each of ``documents`` for today, in one statement."""
    ids = list(dict.fromkeys(document.pk for document in documents))  # a row once per statement
    if not ids:
        return
    table = DocumentDownloads._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (document_id, day, count) "  # noqa: S608 - the table name is ours
            "SELECT id, %s, 1 FROM unnest(%s::bigint[]) AS id "
            "ON CONFLICT (document_id, day) DO UPDATE SET count = " + table + ".count + 1",
            [timezone.localdate(), ids],
        )
