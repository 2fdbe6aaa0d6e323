"""Public pages (landing, accessibility statement, privacy notice), home, health check, error pages."""

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.crypto import constant_time_compare
from django.views import defaults
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
    """200 when the database answers, 503 when it does not. Says nothing more to the public.

    ``?full=1`` for operators (buyersgroup/core/health.py): each check, 503 if one fails.
    """
    if request.GET.get("full") == "1" and _is_operator(request):
        from buyersgroup.core.health import full_report

        report = full_report()
        return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _is_operator(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    if token and constant_time_compare(request.headers.get("X-Healthz-Token", ""), token):
        return True
    try:
        return request.user.is_authenticated and request.user.is_staff
    except Exception:  # the database is down: the session cannot be read
        return False


def server_error(request):
    """handler500: a database that cannot be reached is "briefly unavailable" (503), not a crash.

    Called while the exception is being handled, so ``sys.exc_info()`` tells
    which. Rendered without the request context: no query may run here. The
    portal recovers by itself when the database is back (connections are
    checked before each request: CONN_HEALTH_CHECKS).
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
