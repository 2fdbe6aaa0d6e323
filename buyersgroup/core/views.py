"""Public pages (landing, accessibility statement, privacy notice), home and health check."""

import datetime

from django.contrib.auth.decorators import login_not_required
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


def home(request):
    from buyersgroup.members.models import Member, Organisation
    from tenders.models import Tender

    context = {
        "tender_count": Tender.objects.published().count(),
        "member_count": Member.objects.filter(is_active=True, organisation__isnull=False).count(),
        "organisation_count": Organisation.objects.count(),
    }
    return render(request, "core/home.html", context)


# Change with the statement: when it was written, and when the portal was last checked against it.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 24)
ACCESSIBILITY_LAST_REVIEW = datetime.date(2026, 11, 26)


@login_not_required
def accessibility(request):
    """The accessibility statement, after the EU model (Implementing Decision (EU) 2018/1523)."""
    context = {"statement_date": ACCESSIBILITY_STATEMENT_DATE, "last_review": ACCESSIBILITY_LAST_REVIEW}
    return render(request, "core/accessibility.html", context)


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
