"""Browsing tenders: the published list and the organisation's own list.

Everything else about a tender (detail, editing, workflow, documents) is the entry
core's (buyersgroup.entries.views), mounted in tenders/urls.py.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from buyersgroup.entries import rows
from buyersgroup.members.models import Organisation
from buyersgroup.search.views import filters_to_search
from tenders.models import Tender


def _page(request, queryset, view: str):
    """One page of a tender list; only the rows not kept are read in full (buyersgroup.entries.rows)."""

    def fetch(pks):
        tenders = list(queryset.for_list().filter(pk__in=pks))
        rows.label_choices(tenders, Tender, ("procedure_type", "stage", "status"))
        return tenders

    return rows.page(request, queryset, template="tenders/_row.html", fetch=fetch, variant=view,
                     context={"view": view, "list_url": reverse("tenders:list")})


def _organisation_filter(request) -> Organisation | None:
    """``?organisation=<id>``: one organisation's published tenders (an unknown id shows them all)."""
    value = request.GET.get("organisation", "")
    return Organisation.objects.filter(pk=int(value)).first() if value.isdigit() else None


def tender_list(request):
    if searched := filters_to_search(request, "tenders", own=("organisation", "page")):
        return searched
    tenders = Tender.objects.published().visible_to(request.user)
    organisation = _organisation_filter(request)
    if organisation is not None:
        tenders = tenders.filter(organisation=organisation)
    tenders = tenders.order_by("-published_at", "-pk")
    context = {"page": _page(request, tenders, "published"), "view": "published", "organisation": organisation}
    return render(request, "tenders/list.html", context)


def my_organisation(request):
    """Everything the member's organisation has, in every state, drafts and pending edits included."""
    tenders = (
        Tender.objects.filter(organisation_id=request.user.organisation_id)
        .visible_to(request.user)
        .select_related("revision_of")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "tenders/list.html", {"page": _page(request, tenders, "mine"), "view": "mine"})


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
