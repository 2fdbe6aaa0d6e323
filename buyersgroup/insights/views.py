"""Insights (SPEC §8): the group's figures for published tenders, following the §4 filters.

The page and each figure's CSV take the same query string as the search page; a figure
resting on fewer than SMALL_NUMBERS tenders is hidden on the page and left out of its CSV.
Members only (the login-required middleware), and only what every member sees (published).
"""

from __future__ import annotations

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from buyersgroup.insights.figures import FIGURES, Insights
from buyersgroup.search import exports
from buyersgroup.search.facets import facet_counts
from buyersgroup.search.filters import FACETS, TenderFilter


def page(request):
    insights = Insights(request.GET, request.user)
    facets = list(facet_counts(insights.filterset, FACETS[TenderFilter]).values())
    context = {
        "insights": insights,
        "search": insights.search,
        "figures": [compute(insights) for compute in FIGURES.values()],
        "facets": facets,
        "facet_names": [facet.name for facet in facets],
        "applied": insights.applied_filters(),
        "query_string": request.GET.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "insights/page.html", context)


def figure_csv(request, slug: str):
    """One figure's table as CSV: the same header and rows as on the page, plain numbers."""
    compute = FIGURES.get(slug)
    if compute is None:
        raise Http404
    figure = compute(Insights(request.GET, request.user))
    response = StreamingHttpResponse(exports.csv_lines(figure.csv_rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{slug}.csv"'
    return response
