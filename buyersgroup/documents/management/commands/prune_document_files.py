"""Delete stored document files that no row refers to (run daily, e.g. from cron).

Also deletes the temporary files of uploads that never finished (Django's
``tmp….upload…`` in FILE_UPLOAD_TEMP_DIR), left when an app server process was
killed in the middle of receiving one.

The services never leave such files behind when a request fails, but a
process killed between storing a file and committing its row, or a caller's
transaction rolled back after ``attach`` returned, can. Files younger than
``--min-age-hours`` are left alone: they may belong to an upload in progress.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from buyersgroup.documents.models import Document
from buyersgroup.documents.services import stored_names


class Command(BaseCommand):
    help = "Delete stored document files that no document refers to."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, min_age_hours, dry_run, **options):
        cutoff = timezone.now() - timedelta(hours=min_age_hours)
        pruned = 0
        for name in stored_names():
            if default_storage.get_modified_time(name) > cutoff or Document.objects.filter(file=name).exists():
                continue
            pruned += 1
            if not dry_run:
                default_storage.delete(name)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{pruned} unreferenced document file(s) {verb}.")
        leftovers = [path for path in _unfinished_uploads() if path.stat().st_mtime < cutoff.timestamp()]
        if not dry_run:
            for path in leftovers:
                path.unlink(missing_ok=True)
        if leftovers:
            self.stdout.write(f"{len(leftovers)} temporary file(s) of unfinished uploads {verb}.")


def _unfinished_uploads():
    """Django names an upload's temporary file tmp<random>.upload<extension>."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
    return [path for path in folder.glob("tmp*.upload*") if path.is_file()]

