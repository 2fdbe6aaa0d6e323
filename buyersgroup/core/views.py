"""Public pages (landing, accessibility statement, privacy notice), home and health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
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


@login_not_required
def no_signup(request):
    """Membership is by invitation or request: /accounts/signup/ answers 404 like any unknown address."""
    raise Http404


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


def bad_request(request, exception, template_name="400.html"):
    """Django's 400, saying why when the portal knows: refused characters, too many fields or files, too large."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.http import HttpResponseBadRequest
    from django.template import loader
    from django.utils.translation import gettext as _

    from buyersgroup.core.middleware import RefusedInput

    reasons = {
        RefusedInput: _(
            "The address or the form holds a character the portal does not accept (such as a NUL character). "
            "Check what you typed or pasted, and try again."
        ),
        TooManyFieldsSent: _("The form sent more than %(limit)s fields, more than any page of the portal has.")
        % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
        TooManyFilesSent: _("The form sent more than %(limit)s files: attach them a few at a time.")
        % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
        RequestDataTooBig: _(
            "The form sent more data than the portal accepts. Attach large texts as documents instead."
        ),
    }
    reason = next((text for kind, text in reasons.items() if isinstance(exception, kind)), "")
    # Self-contained (no request context): a bad request may not have got far enough to have one.
    return HttpResponseBadRequest(loader.get_template(template_name).render({"reason": reason}))
