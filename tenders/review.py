"""The review workflow on tenders: transitions (POST only) and the coordinators' review queue."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from buyersgroup import access
from buyersgroup.moderation.models import Status
from buyersgroup.moderation.services import TransitionError, transition
from tenders.models import Tender
from tenders.views import get_visible_tender

# Lazy: this table is built at import time, the message is shown in the requester's language.
DONE = {
    "submit": gettext_lazy("Submitted for review. The coordinators have been told."),
    "publish": gettext_lazy("Published. Every member can now see it."),
    "request_changes": gettext_lazy("Sent back to its authors with your comment."),
    "reject": gettext_lazy("Rejected. The author has been told."),
    "archive": gettext_lazy("Archived."),
}


@require_POST
def act(request, pk, action):
    """Submit, publish, request changes, reject or archive — whoever may not gets 404."""
    tender = get_visible_tender(request.user, pk)
    if not access.can_do(request.user, tender, action):
        raise Http404
    try:
        result = transition(tender, action, request.user, request.POST.get("comment", ""), request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(tender)
    messages.success(request, DONE[action])
    if action in ("publish", "request_changes", "reject"):
        return redirect("tenders:review_queue")
    return redirect(result)


@access.coordinator_required
def review_queue(request):
    waiting = (
        Tender.objects.filter(status=Status.SUBMITTED)
        .select_related("organisation", "author", "revision_of")
        .order_by("submitted_at", "pk")
    )
    return render(request, "tenders/review_queue.html", {"waiting": waiting, "now": timezone.now()})
