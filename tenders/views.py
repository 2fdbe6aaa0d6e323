"""Browsing tenders: the published list and the organisation's own list.

Everything else about a tender (detail, editing, workflow, documents) is the entry
core's (buyersgroup.entries.views), mounted in tenders/urls.py.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from buyersgroup.core.pagination import CappedPaginator
from buyersgroup.members.models import Organisation
from tenders.models import Tender

PAGE_SIZE = 20


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
    tenders = Tender.objects.published().visible_to(request.user)
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
        .visible_to(request.user)
        .for_list()
        .select_related("revision_of")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "tenders/list.html", {"page": _page(request, tenders), "view": "mine"})


SUGGESTIONS = 10


def suggest(request):
    """Published tenders whose title contains ``q``, as JSON for a <datalist> (e.g. a practice's related tenders)."""
    q = request.GET.get("q", "").strip()[:100]
    rows = []
    if len(q) >= 2:
        tenders = (
            Tender.objects.published().filter(title__icontains=q)
            .select_related("organisation").only("pk", "title", "publication_date", "organisation__name")
            .order_by("-published_at", "-pk")[:SUGGESTIONS]
        )
        rows = [
            {"value": f"{t.title} (#{t.pk})",
             "label": " · ".join(filter(None, [t.organisation.name, str(t.publication_date.year) if t.publication_date else ""]))}
            for t in tenders
        ]
    return JsonResponse(rows, safe=False)
