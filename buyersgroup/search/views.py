"""The search page: one box, filters with counts, results with snippets, the same URL with or without JavaScript."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from buyersgroup.core.db import text_search
from buyersgroup.core.pagination import KnownCountPaginator
from buyersgroup.core.ratelimits import rate_limited
from buyersgroup.search.filters import KIND_FILTERS
from buyersgroup.search.service import KINDS, SORTS, Search

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# A search may take this long before it is stopped (SPEC §12: at most 3 s).


def _query_string(request, drop=("page", "partial")) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def filters_to_search(request, kind: str, own=(), renamed=None):
    """The search page of ``kind`` with the same parameters, when a published list is asked for words,
    filters or a sort it does not apply itself (a link or bookmark made for the search page, an
    address typed by hand): the list would show every entry and say nothing. ``own`` are the list's
    own parameters (kept, and enough alone to stay on the list); ``renamed``, the list's names of
    search filters (the practices' ``type``). None when the list can answer."""
    renamed = renamed or {}
    searched = set(KIND_FILTERS[kind].base_filters) | {"sort"}
    asked = [name for name in request.GET if name not in own and renamed.get(name, name) in searched
             and any(value.strip() for value in request.GET.getlist(name))]
    if not asked:
        return None
    params = request.GET.copy()
    for name in ("page", "kind", "partial"):
        params.pop(name, None)
    for name, search_name in renamed.items():
        if name in params:
            params.setlist(search_name, params.pop(name))
    params["kind"] = kind
    return redirect(f"{reverse('search:search')}?{params.urlencode()}")


@rate_limited("search")  # each search reads indexes over every entry: a script must not loop on it
def search(request):
    from buyersgroup.search.models import Frequency

    context = {"kinds": KINDS, "sorts": SORTS, "query_string": _query_string(request),
               "frequencies": Frequency.choices}
    try:
        # The connection's statement timeout (3 s) stops a runaway search; words are matched through the indexes.
        with text_search(bool(request.GET.get("q", "").strip())):
            found = Search(request.GET, request.user)
            facets = found.facets()  # counts the matches too: the paginator does not count again
            page = KnownCountPaginator(found.pages(), PAGE_SIZE, count=found.count()).get_page(request.GET.get("page"))
            context.update(
                search=found,
                page=page,
                results=found.results(list(page.object_list)),
                facets=facets,
                suggestion=found.suggestion(),
                count=page.paginator.count,
            )
            context["facet_names"] = [facet.name for facet in context["facets"]]
    except OperationalError:
        logger.warning("search stopped by the statement timeout", exc_info=True)
        context.update(search=None, timed_out=True, count=0,
                       timeout_message=_("This search took too long and was stopped. Add words or filters and try again."))
    template = "search/_partial.html" if request.GET.get("partial") == "1" else "search/search.html"
    return render(request, template, context)


@rate_limited("export")  # a whole result list, up to 10,000 rows: the costliest read there is
def export(request, file_format):
    """The current results (same parameters as the page) as CSV or XLSX."""
    from django.http import FileResponse, Http404, StreamingHttpResponse

    if file_format not in ("csv", "xlsx"):
        raise Http404

    from buyersgroup.search import exports

    base_url = request.build_absolute_uri("/").rstrip("/")
    found = Search(request.GET, request.user)
    if file_format == "csv":
        # Streamed after the view returns: the database's own statement timeout protects it.
        response = StreamingHttpResponse(exports.csv_stream(found, base_url), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="search-results.csv"'
        return response
    return FileResponse(  # streamed from a temporary file, closed when sent
        exports.xlsx_file(found, base_url), as_attachment=True, filename="search-results.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
