"""Browsing and reading tenders: the published list, the organisation's own list, the detail page."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from buyersgroup import access
from buyersgroup.core.pagination import CappedPaginator
from buyersgroup.members.models import Organisation
from buyersgroup.moderation.services import history
from tenders.models import AppliedCriterion, Tender

PAGE_SIZE = 20


def get_visible_tender(user, pk, queryset=None) -> Tender:
    """The tender if ``user`` may see it, else 404 (never 403: ids do not leak)."""
    tender = get_object_or_404(queryset if queryset is not None else Tender.objects, pk=pk)
    if not access.can_view_entry(user, tender):
        raise Http404
    return tender


def _page(request, queryset):
    """One page of a tender list, with the labels its rows show looked up once for the page
    (``get_FOO_display`` rebuilds the whole choice table on every call, for every row)."""
    # The page's ids first: an index scan that skips the earlier pages without computing their
    # rows (a deep OFFSET would otherwise join and count criteria for every row it skips) ...
    ids = queryset.prefetch_related(None).values_list("pk", flat=True)
    page = CappedPaginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    # ... then those rows only, with what they show.
    rows = {tender.pk: tender for tender in queryset.filter(pk__in=list(page.object_list))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    labels = {name: dict(Tender._meta.get_field(name).flatchoices) for name in ("procedure_type", "stage", "status")}
    for tender in page.object_list:
        tender.procedure_label = labels["procedure_type"].get(tender.procedure_type, tender.procedure_type)
        tender.stage_label = labels["stage"].get(tender.stage, tender.stage)
        tender.status_label = labels["status"].get(tender.status, tender.status)
    return page


def _organisation_filter(request) -> Organisation | None:
    """``?organisation=<id>``: one organisation's published tenders (an unknown id shows them all)."""
    value = request.GET.get("organisation", "")
    return Organisation.objects.filter(pk=int(value)).first() if value.isdigit() else None


def tender_list(request):
    tenders = Tender.objects.published().filter(access.visible_entries_q(request.user))
    organisation = _organisation_filter(request)
    if organisation is not None:
        tenders = tenders.filter(organisation=organisation)
    tenders = tenders.for_list().order_by("-published_at", "-pk")
    context = {"page": _page(request, tenders), "view": "published", "organisation": organisation}
    return render(request, "tenders/list.html", context)


def my_organisation(request):
    """Everything the member's organisation has, in every state, drafts and pending edits included."""
    tenders = (
        Tender.objects.filter(organisation_id=request.user.organisation_id)
        .filter(access.visible_entries_q(request.user))
        .for_list()
        .select_related("revision_of")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "tenders/list.html", {"page": _page(request, tenders), "view": "mine"})


def detail(request, pk):
    queryset = Tender.objects.select_related(
        "organisation", "author", "contact", "main_cpv", "revision_of"
    ).prefetch_related(
        "co_buyers", "categories", "additional_cpvs", "documents",
        Prefetch("applied_criteria", AppliedCriterion.objects.select_related("criterion")),
    )
    tender = get_visible_tender(request.user, pk, queryset)
    user = request.user
    pending = None
    if not tender.is_revision and access.can_edit_entry(user, tender):
        pending = Tender.objects.filter(revision_of=tender).only("pk", "status", "revision_of").first()
    criteria_by_pillar: dict[str, list] = {}
    for applied in tender.applied_criteria.all():
        criteria_by_pillar.setdefault(applied.criterion.get_pillar_display(), []).append(applied)
    show_history = access.can_see_history(user, tender)
    context = {
        "tender": tender,
        "criteria_by_pillar": criteria_by_pillar,
        "documents": tender.documents.all(),
        "pending_revision": pending,
        "events": history(tender) if show_history else None,
        "can": {
            "edit": access.can_edit_entry(user, tender),
            "change_documents": access.can_edit_entry(user, tender) and tender.status != "published",
            "delete": access.can_delete_entry(user, tender),
            **{action: access.can_do(user, tender, action) for action in access.ENTRY_ACTION_RULES},
        },
    }
    return render(request, "tenders/detail.html", context)


def history_page(request, pk):
    tender = get_visible_tender(request.user, pk, Tender.objects.select_related("organisation"))
    if not access.can_see_history(request.user, tender):
        raise Http404
    return render(request, "tenders/history.html", {"tender": tender, "events": history(tender)})
