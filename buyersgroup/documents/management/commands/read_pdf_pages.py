"""Read again the PDFs whose text was read before it kept its pages (once, after upgrading).

    python manage.py read_pdf_pages             # queue them for the task worker
    python manage.py read_pdf_pages --dry-run   # only say how many

Since the portal keeps a PDF's pages in its text (documents/extraction.py, PAGE_END), search
names the page a word is on ("specification.pdf, page 12"). PDFs read earlier have no page
marks, so their snippets name no page. This queues one extraction task per such PDF (the
same task an upload queues); the worker reads them one by one, and search finds them all
the while.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from buyersgroup.documents.extraction import PAGE_END
from buyersgroup.documents.models import Document, Extraction
from buyersgroup.documents.tasks import extract_document_text


class Command(BaseCommand):
    help = "Queue the text extraction again for PDFs read before their pages were kept."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run, **options):
        without_pages = (Document.objects.filter(kind="pdf", extraction_status=Extraction.DONE)
                         .exclude(text__contains=PAGE_END).values_list("pk", flat=True).order_by("pk"))
        count = 0
        for pk in without_pages.iterator(chunk_size=1000):
            count += 1
            if not dry_run:
                extract_document_text.enqueue(pk)
        verb = "would be queued" if dry_run else "queued"
        self.stdout.write(f"{count} PDF(s) read without their pages {verb} to be read again.")
