"""Browsing tenders: the published list and the organisation's own list.

Everything else about a tender (detail, editing, workflow, documents) is the entry
core's (buyersgroup.entries.views), mounted in tenders/urls.py.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render

from tenders.models import Tender

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def tender_list(request):
    tenders = (
        Tender.objects.published()
        .visible_to(request.user)
        .for_list()
        .prefetch_related("categories")
        .order_by("-published_at", "-pk")
    )
    return render(request, "tenders/list.html", {"page": _page(request, tenders), "view": "published"})


def my_organisation(request):
    """Everything the member's organisation has, in every state, drafts and pending edits included."""
    tenders = (
        Tender.objects.filter(organisation_id=request.user.organisation_id)
        .visible_to(request.user)
        .for_list()
        .select_related("revision_of")
        .prefetch_related("categories")
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
