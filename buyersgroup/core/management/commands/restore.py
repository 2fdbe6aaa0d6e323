"""manage.py restore DIR [--replace] — restore a backup into an empty database and storage.

Refuses a backup whose files do not match its manifest, and a database or
document storage that is not empty unless --replace is given (which wipes them
first). Migrations newer than the backup are applied afterwards.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from buyersgroup.core.backup import BackupError, restore, schema_is_current


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and document storage."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--replace", action="store_true", help="wipe the database and the stored documents first"
        )

    def handle(self, *args, folder, replace, **options):
        try:
            manifest = restore(folder, replace=replace, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not schema_is_current(manifest):
            self.stdout.write("the backup predates this version: applying the newer migrations")
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"restored {folder} (backup of {manifest['created_at']}).")
