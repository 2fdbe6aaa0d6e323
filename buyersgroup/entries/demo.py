"""What every kind's demo seeder needs: generated documents and a believable review history.

Used by tenders.demo and practices.demo (each kind names its seeder in its registration: EntryKind.demo_seeder).
reportlab and python-docx are imported only when a document is made.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from buyersgroup.moderation.models import ReviewEvent, Status

DEFAULT_COMMENTS = {
    Status.CHANGES_REQUESTED: "Could you add the award report and the weights of the award criteria?",
    Status.REJECTED: "This is not an ICT procurement; please share it elsewhere.",
    Status.ARCHIVED: "Superseded by a newer framework.",
}


def pdf_bytes(lines: list[str]) -> bytes:
    """A small PDF: the first line as its title, one paragraph per other line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(lines[0]), styles["Title"])]
    for line in lines[1:]:
        story += [Paragraph(escape(line), styles["BodyText"]), Spacer(1, 6)]
    SimpleDocTemplate(buffer, pagesize=A4, title=lines[0]).build(story)
    return buffer.getvalue()


def docx_bytes(lines: list[str]) -> bytes:
    """A small Word document: the first line as its heading, one paragraph per other line."""
    import docx

    document = docx.Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def play_history(entry, status: str, author, coordinator, day: date, comments: dict | None = None) -> None:
    """Set the entry's state and write the review events that would have led to it.

    A decided entry was sent in about three weeks before ``day``; entries still waiting were
    sent in during the last weeks, so the review queue looks like a real one.
    """
    if status == Status.DRAFT:
        return
    comments = {**DEFAULT_COMMENTS, **(comments or {})}
    model = type(entry)
    content_type = ContentType.objects.get_for_model(model)
    if status in (Status.SUBMITTED, Status.CHANGES_REQUESTED):
        submitted = timezone.now() - timedelta(days=entry.pk % 17 + 1, hours=entry.pk % 9)
    else:
        submitted = timezone.make_aware(datetime.combine(day - timedelta(days=20), datetime.min.time()))
        submitted += timedelta(hours=9 + entry.pk % 8, minutes=entry.pk * 7 % 60)
    steps = [("submit", author, Status.DRAFT, Status.SUBMITTED, "")]
    decision = {
        Status.PUBLISHED: ("publish", Status.PUBLISHED),
        Status.ARCHIVED: ("publish", Status.PUBLISHED),
        Status.CHANGES_REQUESTED: ("request_changes", Status.CHANGES_REQUESTED),
        Status.REJECTED: ("reject", Status.REJECTED),
    }.get(status)
    if decision:
        action, after = decision
        steps.append((action, coordinator, Status.SUBMITTED, after, comments.get(after, "")))
    if status == Status.ARCHIVED:
        steps.append(("archive", coordinator, Status.PUBLISHED, Status.ARCHIVED, comments[Status.ARCHIVED]))
    for offset, (action, actor, before, after, comment) in enumerate(steps):
        event = ReviewEvent.objects.create(
            content_type=content_type, object_id=entry.pk, actor=actor, action=action,
            from_status=before, to_status=after, comment=comment,
        )
        ReviewEvent.objects.filter(pk=event.pk).update(at=submitted + timedelta(days=3 * offset, hours=offset))
    model.objects.filter(pk=entry.pk).update(
        status=status,
        submitted_at=submitted,
        published_at=submitted + timedelta(days=3) if status in (Status.PUBLISHED, Status.ARCHIVED) else None,
    )
