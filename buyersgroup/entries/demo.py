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
    """A small PDF: the first line as its title, one paragraph per other line, three to a page (so
    that search has pages to name)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(lines[0]), styles["Title"])]
    for number, line in enumerate(lines[1:]):
        if number and number % 3 == 0:
            story.append(PageBreak())
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


# --- question threads -----------------------------------------------------------------------

THREADS = [
    # (question, answer by the entry's author), in the language of the asker and of the author
    ("Hoeveel biedingen ontving u, en waren er sociale-economiebedrijven bij?",
     "Vier biedingen, waarvan twee van sociale-economiebedrijven. Het functionele bestek maakte het verschil."),
    ("Comment avez-vous vérifié l'effacement des données à la reprise des appareils ?",
     "Le titulaire fournit un certificat d'effacement par numéro de série, contrôlé par échantillonnage."),
    ("Did the sustainability requirements change the price of the offers?",
     "Hardly: the prices stayed within the estimate, and the market consultation had prepared the bidders."),
    ("Mogen we uw aanpak overnemen in ons eigen bestek?",
     "Natuurlijk, daarvoor hebben we ze gedeeld. Laat gerust weten hoe de marktconsultatie verliep."),
]


def seed_questions(stdout) -> None:
    """A few question threads under published entries of every kind: asked by another
    organisation's member, answered by the entry's author. Idempotent: an entry that already
    has a thread is left alone. No e-mail is sent while seeding."""
    from django.contrib.contenttypes.models import ContentType

    from buyersgroup.entries import registry
    from buyersgroup.entries import questions
    from buyersgroup.entries.models import Comment
    from buyersgroup.members.models import Member

    askers = list(Member.objects.filter(email__endswith="@example.org", is_active=True).order_by("pk"))
    created = 0
    entries = []
    for kind in registry.kinds():
        entries += list(kind.model.objects.published().exclude(author=None).select_related("author").order_by("pk")[:2])
    for number, (entry, (question, answer)) in enumerate(zip(entries, THREADS)):
        content_type = ContentType.objects.get_for_model(entry)
        thread = {"content_type": content_type, "object_id": entry.pk}
        if Comment.objects.filter(**thread).exists():
            continue
        asker = next(m for m in askers[number * 7:] + askers if m.organisation_id != entry.organisation_id)
        for author, kind, body in ((asker, Comment.Kind.QUESTION, question), (entry.author, Comment.Kind.ANSWER, answer)):
            questions.followed(Comment.objects.create(**thread, author=author, kind=kind, body=body), entry)  # no e-mail
        created += 1
    stdout.write(f"Question threads: {created} created.")
