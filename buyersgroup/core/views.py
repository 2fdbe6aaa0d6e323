"""Public pages (landing, accessibility statement, privacy notice), home and health check."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
def landing(request):
    if request.user.is_authenticated:
        return home(request)
    return render(request, "core/landing.html")


HOME_FIGURES_SECONDS = 60


def _home_figures() -> dict[str, int]:
    from buyersgroup.members.models import Member, Organisation
    from tenders.models import Tender

    return {
        "tender_count": Tender.objects.published().count(),
        "member_count": Member.objects.filter(is_active=True, organisation__isnull=False).count(),
        "organisation_count": Organisation.objects.count(),
    }


def home(request):
    # Counting every published tender on each visit is the costliest thing the home page
    # would do; the figures may be a minute old (one cache read instead of three counts).
    return render(request, "core/home.html", cache.get_or_set("home:figures", _home_figures, HOME_FIGURES_SECONDS))


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
