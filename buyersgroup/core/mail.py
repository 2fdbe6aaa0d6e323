"""The one way the portal sends e-mail: ``queue_email``.

It renders the templates in each recipient's language, then, once the current transaction
has committed, queues one ``send_email`` task per language. A transaction that rolls back
sends nothing. The message leaves from the task worker, never from inside a request.

Templates come in one of two shapes:
- ``"app/email/name.txt"``: one file, its first line the subject, then a blank line, the body;
- ``"app/email/name"`` (a prefix, as allauth's): ``name_subject.txt`` and ``name_message.txt``.
Both are rendered with ``portal_url`` and ``contact_email`` besides the given context.

An e-mail one can stop (a thread's, a digest's) names its stop link in ``unsubscribe_path``:
it goes into the body through the template, and into the ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers (RFC 8058), so mail programs offer their own one-click
"Unsubscribe" button, which POSTs to that link.

The recipient's language: a member's ``preferred_language`` (looked up by address when an
address is given, the member's other verified addresses included); for anyone else, and for
a member whose language is not known yet, ``language`` (default: the active language, i.e.
the language of whoever caused the e-mail).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_email(subject: str, body: str, recipients: list[str], headers: dict | None = None) -> int:
    """Send one plain-text e-mail; runs in the task worker, never in a request."""
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, headers=headers).send()


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: the mail program's one-click "Unsubscribe" POSTs to ``url``."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def queue_email(template: str, context: dict, recipients: Iterable, *, language: str | None = None,
                unsubscribe_path: str | None = None) -> None:
    """Render ``template`` for ``recipients`` (members or addresses), send it after commit.

    One e-mail per language: recipients who share a language share one message.
    ``language`` is the language for recipients who are not members (or whose member has
    no preferred language yet); by default the active language.
    """
    by_language = _addresses_by_language(recipients, language or translation.get_language() or settings.LANGUAGE_CODE)
    if not by_language:
        return
    context = {"portal_url": settings.PORTAL_URL.rstrip("/"), "contact_email": settings.CONTACT_EMAIL, **context}
    extra = {}
    if unsubscribe_path:
        context["unsubscribe_path"] = unsubscribe_path
        extra["headers"] = unsubscribe_headers(context["portal_url"] + unsubscribe_path)
    mails = []
    for code, addresses in sorted(by_language.items()):
        with translation.override(code):
            subject, body = _render(template, context)
        mails.append({"subject": subject, "body": body, "recipients": addresses, **extra})
    transaction.on_commit(partial(_enqueue, mails), robust=True)  # a failure is logged


def _enqueue(mails: list[dict]) -> None:
    for mail in mails:
        send_email.enqueue(**mail)


def _render(template: str, context: dict) -> tuple[str, str]:
    if template.endswith(".txt"):
        subject, _blank, body = render_to_string(template, context).strip().partition("\n")
    else:
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body.strip() + "\n"


def _addresses_by_language(recipients: Iterable, fallback: str) -> dict[str, list[str]]:
    """{language: sorted addresses}, each address once; one query for the addresses given as text."""
    from buyersgroup.members.models import Member

    known: dict[str, str] = {}  # lower-case address -> the member's language ('' when unknown)
    addresses: dict[str, str] = {}  # lower-case address -> as given
    for recipient in recipients:
        address = (recipient.email if isinstance(recipient, Member) else recipient or "").strip()
        if not address:
            continue
        addresses.setdefault(address.lower(), address)
        if isinstance(recipient, Member):
            known[address.lower()] = recipient.preferred_language
    unknown = addresses.keys() - known.keys()
    if unknown:
        members = Member.objects.filter(Q(email__in=unknown) | Q(emailaddress__email__in=unknown))
        for email, other, code in members.values_list("email", "emailaddress__email", "preferred_language"):
            for address in (email, other):
                if address and address.lower() in unknown:
                    known[address.lower()] = code
    grouped: dict[str, list[str]] = defaultdict(list)
    for key in sorted(addresses):
        grouped[known.get(key) or fallback].append(addresses[key])
    return dict(grouped)
