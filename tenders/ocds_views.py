"""The OCDS export over HTTP: /api/ocds/… (SPEC §9). The mapping is tenders/ocds.py.

Members only (signed in by session here; token access can wrap the same functions), and
published tenders only, filtered with the search's one filter definition (§4), so a
query string gives the same tenders here as on the list.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buyersgroup import access
from buyersgroup.core import ratelimits
from buyersgroup.search.filters import TenderFilter, errors_for_scripts, other_kinds_filters
from tenders import ocds
from tenders.models import Tender

PAGE_SIZE = 100
EXTENSION_DIR = Path(__file__).resolve().parent / "ocds_extension"
EXTENSION_FILES = ("extension.json", "release-schema.json")


def _json(data, status=200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def published_tenders(request):
    """The published tenders ``request.user`` may read through the open-data export, or Http404."""
    if not access.can_use_open_data(request.user):
        raise Http404
    return Tender.objects.published().visible_to(request.user)


def _too_many(request, wait: int) -> JsonResponse:
    """Over the open-data rate: JSON, as the members' API answers (Retry-After is set by the decorator)."""
    return _json({"errors": {"rate": [_("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait}]}},
                 status=429)


rate_limited = ratelimits.rate_limited("open_data", methods=("GET", "HEAD"), refuse=_too_many)


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) <= 100_000 else 0


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_GET
@rate_limited
def releases(request):
    """One page of the release package of the published tenders matching the §4 filters."""
    filterset = TenderFilter(request.GET, queryset=published_tenders(request))
    unused = other_kinds_filters(request.GET, filterset.form)  # a practice's filter: would list as if applied
    errors = errors_for_scripts(filterset.form, unused, request.GET, ("page",))
    if errors:
        return _json({"errors": errors}, status=400)
    number = _page_number(request)
    if not number:
        return _json({"errors": {"page": [_("Give the page as a whole number from 1.")]}}, status=400)
    # The page's ids first (one more, to know whether a next page exists), then those tenders only.
    start = (number - 1) * PAGE_SIZE
    ids = list(filterset.qs.order_by("-published_at", "-pk").values_list("pk", flat=True)[start:start + PAGE_SIZE + 1])
    more = len(ids) > PAGE_SIZE
    ids = ids[:PAGE_SIZE]
    tenders = {t.pk: t for t in ocds.export_queryset(Tender.objects.filter(pk__in=ids))}
    links = {}
    if more:
        links["next"] = _page_url(request, number + 1)
    if number > 1:
        links["prev"] = _page_url(request, number - 1)
    package = ocds.package([tenders[pk] for pk in ids if pk in tenders], uri=request.build_absolute_uri(),
                           base_url=_base_url(request))
    if links:
        package["links"] = links
    return _json(package)


@require_GET
@rate_limited
def tender(request, pk: int):
    """The release package of one published tender."""
    found = get_object_or_404(ocds.export_queryset(published_tenders(request)), pk=pk)
    return _json(ocds.package([found], uri=request.build_absolute_uri(), base_url=_base_url(request)))


@login_not_required
@require_GET
def extension(request, name: str):
    """The portal's OCDS extension (sustainability criteria): a schema, public like any schema."""
    if name not in EXTENSION_FILES:
        raise Http404
    import json

    with open(EXTENSION_DIR / name, encoding="utf-8") as handle:
        return _json(json.load(handle))
