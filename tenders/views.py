"""Browsing tenders: the published list and the organisation's own list.

Everything else about a tender (detail, editing, workflow, documents) is the entry
core's (buyersgroup.entries.views), mounted in tenders/urls.py.
"""

from __future__ import annotations

from django.core.paginator import Paginator
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
