"""Browsing practices (the published list, narrowed by type, and the organisation's own),
and a model clause's text as a plain-text download.

Everything else about a practice (detail, editing, workflow, documents) is the entry
core's (buyersgroup.entries.views), mounted in practices/urls.py.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from buyersgroup.entries import registry, rows
from buyersgroup.entries.views import get_visible
from buyersgroup.search.views import filters_to_search
from practices.models import Practice, PracticeType



# What no list row shows: the long texts stay in the database.
LONG_TEXTS = ("body", "body_html", "recommendations", "recommendations_html", "results", "search_vector")


def _page(request, queryset, view: str):
    """One page of a practice list; only the rows not kept are read in full (buyersgroup.entries.rows)."""

    def fetch(pks):
        practices = list(queryset.defer(*LONG_TEXTS).filter(pk__in=pks))
        rows.label_choices(practices, Practice, ("practice_type", "language", "status"))
        return practices

    return rows.page(request, queryset, template="practices/_row.html", fetch=fetch, variant=view,
                     context={"view": view})


def practice_list(request):
    if searched := filters_to_search(request, "practices", own=("type", "page"), renamed={"type": "practice_type"}):
        return searched
    practices = Practice.objects.published().visible_to(request.user).select_related("organisation")
    chosen = request.GET.get("type", "")
    if chosen in PracticeType.values:
        practices = practices.filter(practice_type=chosen)
    else:
        chosen = ""
    practices = practices.order_by("-published_at", "-pk")
    return render(request, "practices/list.html", {
        "page": _page(request, practices, "published"), "view": "published", "types": PracticeType.choices, "chosen": chosen,
        "query_string": f"type={chosen}" if chosen else "",
    })


def my_organisation(request):
    practices = (
        Practice.objects.filter(organisation_id=request.user.organisation_id)
        .visible_to(request.user)
        .select_related("organisation", "revision_of")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "practices/list.html", {"page": _page(request, practices, "mine"), "view": "mine"})


def text_download(request, pk):
    """The practice's text as plain text (model clauses and templates are reused by copying)."""
    practice = get_visible(registry.get("practices"), request.user, pk)
    parts = [practice.title, "", practice.summary, "", practice.body]
    if practice.recommendations:
        parts += ["", practice.recommendations]
    response = HttpResponse("\n".join(parts).strip() + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(practice.title)[:80] or "practice"}.txt"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
