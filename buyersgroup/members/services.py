"""State changes on members: role, deactivation, personal-data export, deletion requests.

Each change is one transaction and leaves a line in the security log. The rules
about who may call them live in ``buyersgroup.access`` (coordinator pages); the
rules that protect the group from itself (a coordinator cannot lock themselves
out) live here, so that no view can forget them.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buyersgroup.core.mail import queue_email
from buyersgroup.core.models import SecurityEvent
from buyersgroup.core.security import record
from buyersgroup.members.models import Member, Role


class MemberChangeRefused(Exception):
    """A change the portal refuses; the message is meant for the coordinator."""


def directory_members():
    """Members other members can find: active, and belonging to an organisation."""
    return Member.objects.filter(is_active=True, organisation__isnull=False)


@transaction.atomic
def change_role(member: Member, role: str, *, by: Member, request=None) -> None:
    if role not in Role.values:
        raise MemberChangeRefused(_("Choose a valid role."))
    if member.pk == by.pk and role != Role.COORDINATOR:
        raise MemberChangeRefused(
            _("You cannot remove your own coordinator role. Ask another coordinator to do it.")
        )
    if member.role == role:
        return
    old_role, member.role = member.role, role
    member.save(update_fields=["role"])
    record("role_changed", request, actor=by, member=member.pk, old_role=old_role, new_role=role)


@transaction.atomic
def deactivate(member: Member, *, by: Member, request=None) -> None:
    """Lock the member out now: their open sessions end on every device."""
    if member.pk == by.pk:
        raise MemberChangeRefused(
            _("You cannot deactivate your own account. Ask another coordinator to do it.")
        )
    if not member.is_active:
        return
    member.is_active = False
    member.save(update_fields=["is_active"])
    end_sessions(member)
    record("member_deactivated", request, actor=by, member=member.pk)


@transaction.atomic
def reactivate(member: Member, *, by: Member, request=None) -> None:
    if member.is_active:
        return
    member.is_active = True
    member.save(update_fields=["is_active"])
    record("member_reactivated", request, actor=by, member=member.pk)


def end_sessions(member: Member) -> None:
    """End every session of ``member``: those allauth tracks, then any it missed.

    Sessions opened outside allauth's login flow (the admin, tests) are not tracked
    by allauth, so the session table is searched too; with about a hundred members
    it holds few unexpired rows.
    """
    for user_session in UserSession.objects.filter(user=member):
        user_session.end()
    owned = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(member.pk)
    ]
    Session.objects.filter(pk__in=owned).delete()


def personal_data(member: Member, request=None) -> dict:
    """Everything the portal holds about ``member`` as a person (SPEC §7), as JSON-ready data.

    Security-log lines the member caused come with their own address and browser;
    lines about their e-mail address that someone else caused (a failed login,
    say) come without, since that address may be someone else's.
    """
    own_events = SecurityEvent.objects.filter(actor=member).order_by("at")
    others_events = SecurityEvent.objects.filter(actor__isnull=True, email__iexact=member.email).order_by("at")
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "job_title": member.job_title,
            "languages": member.languages,
            "ask_me_about": member.ask_me_about,
            "show_email": member.show_email,
            "preferred_language": member.preferred_language,
            "role": member.role,
        },
        "organisation": member.organisation.name if member.organisation else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=member).order_by("email")
        ],
        "sessions": [
            {
                "started": session.created_at.isoformat(),
                "last_seen": session.last_seen_at.isoformat(),
                "ip": session.ip,
                "browser": session.user_agent,
            }
            for session in UserSession.objects.filter(user=member).order_by("created_at")
        ],
        "date_joined": member.date_joined.isoformat(),
        "last_login": member.last_login.isoformat() if member.last_login else None,
        "security_log": [
            {
                "at": event.at.isoformat(),
                "event": event.kind,
                "ip": event.ip,
                "browser": event.user_agent,
                "address": event.path,
            }
            for event in own_events
        ],
        "security_log_about_your_email": [
            {"at": event.at.isoformat(), "event": event.kind} for event in others_events
        ],
        **_activity(member),
    }
    record("data_exported", request, actor=member)
    return data


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _activity(member: Member) -> dict:
    """What the member did besides their profile: API tokens (never their secret), saved searches,
    questions and answers, threads followed. Their tenders and practices are the organisation's
    contributions, listed on their member page."""
    from buyersgroup.api.models import ApiToken
    from buyersgroup.entries.models import Comment, Follow
    from buyersgroup.search.models import SavedSearch

    def entry_of(row) -> dict:
        return {"kind": row.content_type.model, "id": row.object_id}

    return {
        "api_tokens": [
            {"name": token.name, "starts_with": token.shown_start, "created": _when(token.created_at),
             "last_used": _when(token.last_used_at), "revoked": _when(token.revoked_at)}
            for token in ApiToken.objects.filter(member=member).order_by("created_at", "pk")
        ],
        "saved_searches": [
            {"name": saved.name, "search": saved.query, "email_digest": saved.frequency,
             "language": saved.language, "saved": _when(saved.created_at), "last_digest": _when(saved.last_sent_at),
             "paused_filters": saved.paused_filters}
            for saved in SavedSearch.objects.filter(member=member).order_by("created_at", "pk")
        ],
        "questions_and_answers": [
            {"entry": entry_of(comment), "kind": comment.kind, "text": comment.body, "posted": _when(comment.created_at),
             "edited": _when(comment.edited_at), "hidden": _when(comment.hidden_at)}
            for comment in Comment.objects.filter(author=member).select_related("content_type").order_by("created_at", "pk")
        ],
        "threads_followed": [
            entry_of(follow)
            for follow in Follow.objects.filter(member=member, following=True).select_related("content_type").order_by("pk")
        ],
    }


DELETION_REQUEST_QUIET_SECONDS = 24 * 60 * 60


def request_account_deletion(member: Member) -> None:
    """Tell the coordinators; they delete the account by hand (contributions stay).

    One e-mail a day per member is enough: pressing the button again does not
    flood the secretariat's inbox.
    """
    if cache.add(f"deletion-request:{member.pk}", True, DELETION_REQUEST_QUIET_SECONDS):
        coordinators = Member.objects.coordinator_emails() or [settings.CONTACT_EMAIL]
        queue_email("members/email/deletion_request", {"member": member}, coordinators)
