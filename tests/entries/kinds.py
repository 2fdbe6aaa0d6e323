"""How the entry-core tests make an entry of each kind. A new kind adds its factory here."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from tests.practices.factories import PracticeFactory
from tests.tenders.factories import TenderFactory

FACTORIES = {
    "tenders": TenderFactory,
    "practices": PracticeFactory,
}
KIND_NAMES = tuple(FACTORIES)


def make_entry(kind, *, author, status="draft", **fields):
    return FACTORIES[kind.name](author=author, status=status, **fields)


def pdf_upload(name="specification.pdf", text="Technical specification: refurbished laptops"):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")
