"""Invitations (one address or a CSV list), accepting one, and requests for access."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buyersgroup.access import coordinator_required
from buyersgroup.core.ratelimits import rate_limited
from buyersgroup.core.security import record
from buyersgroup.members import invitations
from buyersgroup.members.forms_invitations import (
    AcceptInvitationForm,
    AccessRequestForm,
    DecisionForm,
    InviteCsvForm,
    InviteForm,
)
from buyersgroup.members.models import AccessRequest, Invitation

# The link in the e-mail carries the token once; the page then lives at this address and
# remembers the invitation in the session, so the token is not left in the address bar,
# the browser history, Referer headers or the security log (Django's password reset does the same).
INVITATION_URL_TOKEN = "set-password"
INVITATION_SESSION_KEY = "members_invitation"
RECENT_DECISIONS = 20
PENDING_PER_PAGE = 25


@coordinator_required
@rate_limited("invitation", methods=("POST",))
def invite(request):
    if "revoke" in request.POST:
        pk = request.POST["revoke"]
        if pk.isdigit() and invitations.revoke(int(pk), request):
            messages.success(request, _("The invitation was revoked: its link no longer works."))
        return redirect("members:invite")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.invite(request, [form.invitee()])
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("members:invite")
    pending = Invitation.objects.pending().select_related("organisation", "invited_by").order_by("expires_at")
    context = {"form": form, "pending": pending, "invitation_days": settings.INVITATION_DAYS}
    return render(request, "members/invite.html", context)


@coordinator_required
@rate_limited("invitation", methods=("POST",))
def invite_csv(request):
    form = InviteCsvForm(request.POST or None, request.FILES or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        sent = invitations.invite(request, form.invitees, via="csv")
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", len(sent)) % {"count": len(sent)},
        )
        return redirect("members:invite")
    return render(request, "members/invite_csv.html", {"form": form})


@login_not_required
@never_cache
def accept_invitation(request, token):
    if token != INVITATION_URL_TOKEN:
        found = Invitation.find(token)
        request.session[INVITATION_SESSION_KEY] = found.pk if found else None
        return redirect("members:accept_invitation", token=INVITATION_URL_TOKEN)
    pk = request.session.get(INVITATION_SESSION_KEY)
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first() if pk else None
    if reason := invitations.refusal_reason(invitation):
        return _invitation_refused(request, invitation, reason)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        member = invitations.accept(
            request,
            invitation.pk,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        if member is None:  # accepted a moment ago, e.g. a double submit
            return _invitation_refused(request, invitation, "already_used")
        del request.session[INVITATION_SESSION_KEY]
        login(request, member, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to the Buyers Group, %(name)s.") % {"name": member.first_name})
        return redirect("home")
    return render(request, "members/accept_invitation.html", {"form": form, "invitation": invitation})


def _invitation_refused(request, invitation, reason):
    record("invitation_refused", request, email=invitation.email if invitation else "", reason=reason)
    return render(request, "members/invitation_invalid.html", status=404)


@login_not_required
def request_access(request):
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.consume(request, action="request_access"):
            record("rate_limited", request, action="request_access")
            return render(request, "members/request_access.html", {"form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            outcome = invitations.request_access(request, **form.cleaned_data)
            if outcome == invitations.AccessOutcome.RECEIVED:
                return render(request, "members/request_access_done.html")
            return render(request, "members/request_access.html", {"form": form, "unknown_domain": True})
    return render(request, "members/request_access.html", {"form": form})


@coordinator_required
def access_requests(request):
    requests = AccessRequest.objects.select_related("organisation")
    pending = requests.filter(status=AccessRequest.Status.PENDING).order_by("created_at")
    decided = (
        requests.exclude(status=AccessRequest.Status.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at")[:RECENT_DECISIONS]
    )
    page = Paginator(pending, PENDING_PER_PAGE).get_page(request.GET.get("page"))
    not_invitable = invitations.why_not_invitable([r.email for r in page.object_list])
    rows = [(r, DecisionForm(auto_id=f"id_%s_{r.pk}"), not_invitable.get(r.email.lower())) for r in page.object_list]
    return render(request, "members/access_requests.html", {"pending": rows, "page": page, "decided": decided})


@coordinator_required
@require_POST
def decide_access_request(request, pk):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Approve or Decline; a note has at most 2000 characters."))
        return redirect("members:access_requests")
    try:
        decided = invitations.decide(request, pk, approve=form.approve, note=form.cleaned_data["note"])
    except AccessRequest.DoesNotExist:
        raise Http404 from None
    except invitations.NotInvitable as refusal:
        email = AccessRequest.objects.values_list("email", flat=True).get(pk=pk)
        messages.error(
            request,
            _("Not approved: %(email)s is %(reason)s. Nothing was sent; decline the request if it is no longer needed.")
            % {"email": email, "reason": refusal},
        )
        return redirect("members:access_requests")
    if decided is None:
        messages.warning(request, _("This request was already decided: nothing was changed."))
    elif form.approve:
        messages.success(request, _("Approved: %(email)s was invited.") % {"email": decided.email})
    else:
        messages.success(request, _("Declined: %(email)s was told by e-mail.") % {"email": decided.email})
    return redirect("members:access_requests")
