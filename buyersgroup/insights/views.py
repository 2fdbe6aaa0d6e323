"""Insights (SPEC §8): the group's figures for published tenders, following the §4 filters.

The page and each figure's CSV take the same query string as the search page; a figure
resting on fewer than SMALL_NUMBERS tenders is hidden on the page and left out of its CSV.
Members only (the login-required middleware), and only what every member sees (published).
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.db import OperationalError, connection
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyersgroup.core.db import stoppable
from buyersgroup.insights.figures import FIGURES, Insights
from buyersgroup.search import exports

logger = logging.getLogger(__name__)


# The figures' queries may take this long before they are stopped (SPEC §12: at most 3 s).
# Computed figures are kept this long in the shared cache. They are the same for every member (published
# entries only); the key changes as soon as a tender is created or published (two index lookups). Other
# changes (an edit published, an archived tender, practices, downloads) show within this delay.
CACHE_SECONDS = 600
CACHE_FORMAT = 1  # raise it when what is kept changes: entries of an earlier release are then never read


def _cache_key(request) -> str:
    from buyersgroup.moderation.models import Status
    from tenders.models import Tender

    table = Tender._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {table}), (SELECT max(published_at) FROM {table} "  # noqa: S608 - ours
            "WHERE status = %s AND revision_of_id IS NULL)", [Status.PUBLISHED])
        stamp = cursor.fetchone()
    params = sorted((name, value) for name, values in request.GET.lists() for value in values)
    text = repr((get_language(), params, *stamp))
    return f"insights:{CACHE_FORMAT}:" + hashlib.sha256(text.encode()).hexdigest()


def _computed(request, insights) -> dict:
    """The figures and the page's body (filters and figures, rendered): from the cache, else computed.

    The filters are shown without the search page's counts per choice: at 100,000 tenders that one
    aggregate costs more than all the figures together. Rendering the filters' hundreds of choices
    costs more than reading the figures: the body is kept rendered, it is the same for every member."""
    key = _cache_key(request)
    found = cache.get(key)
    if found is not None:
        return found
    try:
        with stoppable():  # the connection's statement timeout (3 s)
            figures = [compute(insights) for compute in FIGURES.values()]
    except OperationalError:  # the filters alone, to narrow the figures down; nothing kept
        logger.warning("insights stopped by the statement timeout", exc_info=True)
        return {"figures": [], "total": None, "body": _body(request, insights, []),
                "timed_out": _("These figures took too long to compute and were stopped. Add filters and try again.")}
    found = {"figures": figures, "total": insights.total, "body": _body(request, insights, figures)}
    cache.set(key, found, CACHE_SECONDS)
    return found


def _body(request, insights, figures) -> str:
    body = render_to_string("insights/_body.html", {"figures": figures, "search": insights.search,
                                                    "query_string": request.GET.urlencode()}, request=request)
    return mark_safe(body)  # noqa: S308 - our own template, rendered with autoescape


def page(request):
    insights = Insights(request.GET, request.user)
    context = {"insights": insights, "search": insights.search, "today": timezone.localdate(),
               "cache_minutes": CACHE_SECONDS // 60, **_computed(request, insights)}
    context["applied"] = insights.applied_filters()
    return render(request, "insights/page.html", context)


def figure_csv(request, slug: str):
    """One figure's table as CSV: the same header and rows as on the page, plain numbers."""
    compute = FIGURES.get(slug)
    if compute is None:
        raise Http404
    cached = cache.get(_cache_key(request))
    if cached is not None and cached["figures"]:
        figure = next(f for f in cached["figures"] if f.slug == slug)
    else:
        figure = compute(Insights(request.GET, request.user))
    response = StreamingHttpResponse(exports.csv_lines(figure.csv_rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{slug}.csv"'
    return response
