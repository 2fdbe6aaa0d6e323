"""Write every published tender as one OCDS 1.1 release package (SPEC §9).

    python manage.py export_ocds --output tenders.json

The file is written release by release while the tenders are read a chunk at a time,
so its size does not depend on memory. Links in it (documents, the extension) start
with PORTAL_URL.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from tenders import ocds
from tenders.models import Tender


class Command(BaseCommand):
    help = "Write the published tenders as an OCDS 1.1 release package (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write (default: standard output).")

    def handle(self, *args, output, **options):
        base_url = settings.PORTAL_URL.rstrip("/")
        uri = base_url + reverse("ocds:releases")
        queryset = Tender.objects.published()
        if output == "-":
            count = ocds.write_package(self.stdout, queryset, uri=uri, base_url=base_url)
        else:
            # Written next to its place, then moved there: a reader never sees half a file.
            partial = f"{output}.partial"
            with open(partial, "w", encoding="utf-8") as stream:
                count = ocds.write_package(stream, queryset, uri=uri, base_url=base_url)
            os.replace(partial, output)
        self.stderr.write(f"{count} releases written.")
