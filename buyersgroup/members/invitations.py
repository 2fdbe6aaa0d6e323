"""Invitations and requests for access: each state change is one transaction.

E-mails go through buyersgroup.core.mail.queue_email: rendered in the recipient's language
(a member's own; for an invitee, the language the coordinator chose; for a requester, the
language of their request), queued only once the transaction committed: a change that rolls
back sends nothing. The raw invitation token exists only in the e-mail body, never in the
database, the logs or the security log.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyersgroup.core.mail import queue_email
from buyersgroup.core.security import record
from buyersgroup.members.models import AccessRequest, Invitation, Member, Organisation, Role


def _email(template: str, recipients: list, *, language: str | None = None, **context) -> None:
    queue_email(f"members/email/{template}", context, recipients, language=language)


# --- Invitations ----------------------------------------------------------------------------


def why_not_invitable(emails: list[str]) -> dict[str, str]:
    """Addresses (lower case) that cannot be invited, with the reason; two queries for any number."""
    emails = [e.lower() for e in emails]
    members = Member.objects.annotate(address=Lower("email")).filter(address__in=emails)
    reasons = {address: _("already a member") for address in members.values_list("address", flat=True)}
    for email in Invitation.objects.pending().filter(email__in=emails).values_list("email", flat=True):
        reasons.setdefault(email.lower(), _("already invited, the invitation is still open"))
    return reasons


@dataclass(frozen=True)
class Invitee:
    email: str
    organisation: Organisation
    first_name: str = ""
    last_name: str = ""
    role: str = Role.MEMBER
    language: str = ""  # of the e-mail, then the member's until they choose; default: the coordinator's


def _issue(request, invitee: Invitee, *, template="invitation", note="", **detail) -> Invitation:
    invitation, token = Invitation.issue(
        email=invitee.email,
        organisation=invitee.organisation,
        invited_by=request.user,
        role=invitee.role,
        first_name=invitee.first_name,
        last_name=invitee.last_name,
        language=invitee.language or get_language(),
    )
    record("invitation_sent", request, email=invitation.email, invitation=invitation.pk, **detail)
    link = request.build_absolute_uri(reverse("members:accept_invitation", args=[token]))
    _email(template, [invitation.email], language=invitation.language, invitation=invitation, link=link, note=note)
    return invitation


def invite(request, invitees: list[Invitee], **detail) -> list[Invitation]:
    """Invite everyone in ``invitees`` (all or none) and e-mail each their personal link."""
    with transaction.atomic():
        return [_issue(request, invitee, **detail) for invitee in invitees]


def revoke(invitation_pk: int, request=None) -> bool:
    """Close a pending invitation: its link stops working. False when it was not pending."""
    revoked = bool(Invitation.objects.pending().filter(pk=invitation_pk).update(revoked_at=timezone.now()))
    if revoked:
        email = Invitation.objects.values_list("email", flat=True).get(pk=invitation_pk)
        record("invitation_revoked", request, email=email, invitation=invitation_pk)
    return revoked


def refusal_reason(invitation: Invitation | None) -> str:
    """Why an invitation link cannot be used ('' when it can), for the security log."""
    if invitation is None:
        return "unknown"
    if invitation.accepted_at:
        return "already_used"
    if invitation.revoked_at:
        return "revoked"
    if not invitation.is_usable:
        return "expired"
    if Member.objects.filter(email__iexact=invitation.email).exists():
        return "already_member"
    return ""


def accept(request, invitation_pk: int, *, first_name: str, last_name: str, password: str) -> Member | None:
    """Create the member an invitation was for. None when the invitation was used meanwhile.

    The invitation row is locked, so a double submit waits for the first one and then
    finds the invitation accepted: it can never create two members.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_pk).first()
        if refusal_reason(invitation):
            return None
        member = Member.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            organisation_id=invitation.organisation_id,
            role=invitation.role,
            preferred_language=invitation.language,
        )
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        invitation.accepted_at = timezone.now()
        invitation.member = member
        invitation.save(update_fields=["accepted_at", "member"])
        record("invitation_accepted", request, actor=member, invitation=invitation.pk)
    return member


# --- Requests for access --------------------------------------------------------------------


class AccessOutcome:
    RECEIVED = "received"  # also shown for existing members and repeated requests
    UNKNOWN_DOMAIN = "unknown_domain"


def request_access(request, *, email: str, first_name: str, last_name: str, job_title: str, message: str) -> str:
    """Store a request for access when the address belongs to a known organisation.

    The answer is the same whether or not the address already has an account or a
    pending request, so the form cannot be used to find out who is a member.
    """
    email = email.strip().lower()
    organisation = Organisation.for_email(email)
    if organisation is None:
        record("access_requested", request, outcome="unknown_domain", domain=email.rpartition("@")[2])
        return AccessOutcome.UNKNOWN_DOMAIN
    member = Member.objects.filter(email__iexact=email).first()
    if member is not None:
        reset = request.build_absolute_uri(reverse("account_reset_password"))
        _email("access_existing_member", [member], member=member, reset_link=reset)
        record("access_requested", request, email=email, outcome="existing_member")
    else:
        access_request = _store_request(
            organisation=organisation, email=email, first_name=first_name, last_name=last_name,
            job_title=job_title, message=message, language=get_language(),
        )
        if access_request is None:
            record("access_requested", request, email=email, outcome="already_pending")
        else:
            record("access_requested", request, email=email, outcome="stored", access_request=access_request.pk)
            _notify_new_request(request, access_request)
    return AccessOutcome.RECEIVED


def _store_request(**fields) -> AccessRequest | None:
    """The new pending request, or None when one is already waiting for this address."""
    if AccessRequest.objects.filter(email__iexact=fields["email"], status=AccessRequest.Status.PENDING).exists():
        return None
    try:
        with transaction.atomic():
            return AccessRequest.objects.create(**fields)
    except IntegrityError:  # the same address submitted twice at the same moment
        return None


def _notify_new_request(request, access_request: AccessRequest) -> None:
    coordinators = Member.objects.coordinator_emails()
    if coordinators:
        link = request.build_absolute_uri(reverse("members:access_requests"))
        _email("access_request_new", coordinators, access_request=access_request, link=link)
    _email("access_request_received", [access_request.email], access_request=access_request)


class NotInvitable(Exception):
    """Approving would invite an address that is already a member or has an open invitation."""


def decide(request, access_request_pk: int, *, approve: bool, note: str = "") -> AccessRequest | None:
    """Approve (invite the requester) or decline a pending request; None when already decided.

    Raises AccessRequest.DoesNotExist for an unknown id, and NotInvitable (with the reason,
    nothing changed) when approving an address that is already a member or already invited.
    The row is locked, so of two coordinators deciding at the same moment exactly one wins.
    """
    with transaction.atomic():
        access_request = (
            AccessRequest.objects.select_for_update().select_related("organisation").get(pk=access_request_pk)
        )
        if access_request.status != AccessRequest.Status.PENDING:
            return None
        if approve and (reason := why_not_invitable([access_request.email]).get(access_request.email.lower())):
            raise NotInvitable(reason)
        access_request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.DECLINED
        access_request.decided_by = request.user
        access_request.decided_at = timezone.now()
        access_request.decision_note = note
        access_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if approve:
            invitee = Invitee(
                email=access_request.email,
                organisation=access_request.organisation,
                first_name=access_request.first_name,
                last_name=access_request.last_name,
                language=access_request.language,
            )
            _issue(request, invitee, template="access_approved", note=note, access_request=access_request.pk)
        else:
            _email("access_declined", [access_request.email], language=access_request.language,
                   access_request=access_request)
        kind = "access_approved" if approve else "access_declined"
        record(kind, request, email=access_request.email, access_request=access_request.pk)
    return access_request
