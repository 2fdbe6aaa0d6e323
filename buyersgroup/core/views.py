"""Public pages (landing, accessibility statement, privacy notice), home and health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language


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
    """200 when the database answers, 503 when it does not. Says nothing more."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
def set_language(request):
    """The language switcher (Django's view); a member's choice also becomes their e-mail language."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        request.user.remember_language(request.POST.get("language", ""))
    return response
