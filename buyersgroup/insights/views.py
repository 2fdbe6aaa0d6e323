"""Insights (SPEC §8): the group's figures for published tenders, following the §4 filters.

The page and each figure's CSV take the same query string as the search page; a figure
resting on fewer than SMALL_NUMBERS tenders is hidden on the page and left out of its CSV.
Members only (the login-required middleware), and only what every member sees (published).
"""

from __future__ import annotations

import logging

from django.db import OperationalError, connection, transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from buyersgroup.insights.figures import FIGURES, Insights
from buyersgroup.search import exports
from buyersgroup.search.facets import facet_counts
from buyersgroup.search.filters import FACETS, TenderFilter

logger = logging.getLogger(__name__)


# The figures' queries may take this long before they are stopped (SPEC §12: at most 3 s).
STATEMENT_TIMEOUT_MS = 3000


def page(request):
    insights = Insights(request.GET, request.user)
    context = {"insights": insights, "search": insights.search, "query_string": request.GET.urlencode(),
               "today": timezone.localdate(), "figures": [], "facets": []}
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
            context["figures"] = [compute(insights) for compute in FIGURES.values()]
            context["facets"] = list(facet_counts(insights.filterset, FACETS[TenderFilter]).values())
    except OperationalError:
        logger.warning("insights stopped by the statement timeout", exc_info=True)
        context["timed_out"] = _("These figures took too long to compute and were stopped. Add filters and try again.")
    context["facet_names"] = [facet.name for facet in context["facets"]]
    context["applied"] = insights.applied_filters()
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
