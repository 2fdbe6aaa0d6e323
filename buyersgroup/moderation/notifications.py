"""Who hears about a transition (SPEC §3): coordinators on submit, the author otherwise.

Each in their own language (buyersgroup.core.mail.queue_email), whoever acted.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from buyersgroup.core.mail import queue_email


def notify_transition(entry, action: str, by, comment: str) -> None:
    context = {
        "entry": entry,
        "action": action,
        "by": by,
        "comment": comment,
        "kind": entry._meta.verbose_name,
        "path": entry.get_absolute_url(),
    }
    if action == "submit":
        queue_email("moderation/email/submitted.txt", context, get_user_model().objects.coordinator_emails())
    elif entry.author is not None and entry.author.is_active:
        queue_email(f"moderation/email/{action}.txt", context, [entry.author])
