"""Browsing practices (the published list, narrowed by type, and the organisation's own),
and a model clause's text as a plain-text download.

Everything else about a practice (detail, editing, workflow, documents) is the entry
core's (buyersgroup.entries.views), mounted in practices/urls.py.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from buyersgroup.core.pagination import CappedPaginator
from buyersgroup.entries import registry
from buyersgroup.entries.views import get_visible
from practices.models import Practice, PracticeType

PAGE_SIZE = 20


# What no list row shows: the long texts stay in the database.
LONG_TEXTS = ("body", "body_html", "recommendations", "recommendations_html", "results", "search_vector")


def _page(request, queryset):
    """One page, with the labels its rows show looked up once (``get_FOO_display`` rebuilds the
    choice table on every call, for every row)."""
    page = CappedPaginator(queryset.defer(*LONG_TEXTS), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {name: dict(Practice._meta.get_field(name).flatchoices) for name in ("practice_type", "language", "status")}
    for practice in page.object_list:
        practice.type_label = labels["practice_type"].get(practice.practice_type, practice.practice_type)
        practice.language_label = labels["language"].get(practice.language, practice.language)
        practice.status_label = labels["status"].get(practice.status, practice.status)
    return page


def practice_list(request):
    practices = Practice.objects.published().visible_to(request.user).select_related("organisation")
    chosen = request.GET.get("type", "")
    if chosen in PracticeType.values:
        practices = practices.filter(practice_type=chosen)
    else:
        chosen = ""
    practices = practices.order_by("-published_at", "-pk")
    return render(request, "practices/list.html", {
        "page": _page(request, practices), "view": "published", "types": PracticeType.choices, "chosen": chosen,
        "query_string": f"type={chosen}" if chosen else "",
    })


def my_organisation(request):
    practices = (
        Practice.objects.filter(organisation_id=request.user.organisation_id)
        .visible_to(request.user)
        .select_related("organisation", "revision_of")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "practices/list.html", {"page": _page(request, practices), "view": "mine"})


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
