"""Delete the import files nobody can use any more (run daily, with the other clean-ups).

A coordinator's uploaded list of tenders waits under ``imports/`` for the dry run and the
confirmation (tenders/import_views.py); an import that was confirmed deletes its file. One
that was abandoned stays until its link expires (a day): after that nobody can open it,
and this command deletes it.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from buyersgroup.documents.services import stored_names
from tenders.import_views import FOLDER, TOKEN_SECONDS


class Command(BaseCommand):
    help = "Delete uploaded import files whose dry-run link has expired."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(seconds=TOKEN_SECONDS)
        expired = [name for name in stored_names(FOLDER) if default_storage.get_modified_time(name) < cutoff]
        for name in expired:
            default_storage.delete(name)
        if options["verbosity"]:
            self.stdout.write(f"{len(expired)} expired import file(s) deleted.")
