"""manage.py backup DIR — the database and every document file, with a checked manifest.

See buyersgroup/core/backup.py and README ("Backup and restore").
"""

from django.core.management.base import BaseCommand, CommandError

from buyersgroup.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup (database dump, document files, manifest) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backup written to {folder} ({len(manifest['documents'])} document file(s)).")
