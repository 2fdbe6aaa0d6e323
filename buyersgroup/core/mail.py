"""E-mail leaves the portal through a background task, never from inside a request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text e-mail; runs in the task worker, never in a request."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def queue_email(template: str, context: dict, recipients: list[str]) -> None:
    """Render ``template`` (first line: subject; then a blank line; then the body) and queue it."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    context = {"portal_url": settings.PORTAL_URL.rstrip("/"), **context}
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_email.enqueue(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(), body=body.strip() + "\n", recipients=recipients
    )
