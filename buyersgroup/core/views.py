"""Public pages (landing, accessibility statement, privacy notice), home and health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
def landing(request):
    if request.user.is_authenticated:
        return home(request)
    return render(request, "core/landing.html")


NEEDS_ACTION_LIMIT = 10
LATEST_SHOWN = 5


def _counts(querysets) -> list[int]:
    """The number of rows of each queryset, in one query."""
    from django.db import connection

    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def home(request):
    """The member's start page: the figures, what needs their action, and the review queue for coordinators."""
    from buyersgroup import access
    from buyersgroup.entries import queue, registry
    from buyersgroup.members.models import Member, Organisation

    kinds = registry.kinds()
    needs_action = []
    for kind in kinds:
        entries = (
            kind.model.objects.needing_action_of(request.user)
            .select_related("revision_of")
            .only("pk", "title", "status", "updated_at", "revision_of__title")
            .order_by("-status", "-updated_at")[:NEEDS_ACTION_LIMIT]
        )
        needs_action.extend((kind, entry) for entry in entries)
    needs_action.sort(key=lambda row: (row[1].status != "changes_requested", -row[1].updated_at.timestamp()))
    latest = [
        (kind, list(kind.model.objects.published().select_related("organisation")
                    .only("pk", "title", "published_at", "organisation__name")
                    .order_by("-published_at", "-pk")[:LATEST_SHOWN]))
        for kind in kinds
    ]
    *published, member_count, organisation_count = _counts(
        [kind.model.objects.published() for kind in kinds]
        + [Member.objects.filter(is_active=True, organisation__isnull=False), Organisation.objects.all()]
    )
    context = {
        "latest": latest,
        "published": list(zip(kinds, published)),
        "member_count": member_count,
        "organisation_count": organisation_count,
        "needs_action": needs_action[:NEEDS_ACTION_LIMIT],
        "queue": queue.summary() if access.is_coordinator(request.user) else None,
        "now": timezone.now(),
    }
    return render(request, "core/home.html", context)


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def privacy(request):
    return render(request, "core/privacy.html")


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not. Says nothing more."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
