"""Public pages (landing, accessibility statement, privacy notice), home, health check, error pages."""

import datetime
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language


@login_not_required
def landing(request):
    if request.user.is_authenticated:
        return home(request)
    return render(request, "core/landing.html")


HOME_SHARED_SECONDS = 60
LATEST_SHOWN = 5


def _home_shared() -> dict:
    """What every member's home page shows alike: the group's figures and the latest published
    entries. Counting every published entry on each visit would be the page's costliest work: they
    may be a minute old (one cache read instead of four counts and a query for each kind)."""
    from buyersgroup.entries import registry
    from buyersgroup.members.models import Member, Organisation

    kinds = registry.kinds()
    *published, member_count, organisation_count = _counts(
        [kind.model.objects.published() for kind in kinds]
        + [Member.objects.filter(is_active=True, organisation__isnull=False), Organisation.objects.all()]
    )
    latest = {
        kind.name: [
            {"url": entry.get_absolute_url(), "title": entry.title, "organisation": entry.organisation.name}
            for entry in kind.model.objects.published().select_related("organisation")
            .only("pk", "title", "published_at", "organisation__name").order_by("-published_at", "-pk")[:LATEST_SHOWN]
        ]
        for kind in kinds
    }
    return {
        "published": [(kind.name, count) for kind, count in zip(kinds, published)],
        "latest": latest,
        "member_count": member_count,
        "organisation_count": organisation_count,
    }


NEEDS_ACTION_LIMIT = 10


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
    """The member's start page: the figures, what needs their action, new answers in the threads they follow,
    and the review queue for coordinators."""
    from buyersgroup import access
    from buyersgroup.entries import queue, questions, registry

    kinds = registry.kinds()
    names = {kind.name for kind in kinds}
    shared = cache.get_or_set("home:shared", _home_shared, HOME_SHARED_SECONDS)
    context = {
        "latest": [(kind, shared["latest"].get(kind.name, [])) for kind in kinds],
        "published": [(registry.get(name), count) for name, count in shared["published"] if name in names],
        "member_count": shared["member_count"],
        "organisation_count": shared["organisation_count"],
        "needs_action": queue.needing_action(request.user, NEEDS_ACTION_LIMIT),
        "queue": queue.summary() if access.is_coordinator(request.user) else None,
        "new_answers": questions.new_answers_for(request.user),
        "now": timezone.now(),
    }
    return render(request, "core/home.html", context)


# Change with the statement: when it was written, and when the portal was last checked against it.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 24)
ACCESSIBILITY_LAST_REVIEW = datetime.date(2026, 11, 26)


@login_not_required
def no_signup(request):
    """Membership is by invitation or request: /accounts/signup/ answers 404 like any unknown address."""
    raise Http404


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


@login_not_required
def set_language(request):
    """The language switcher (Django's view); a member's choice also becomes their e-mail language."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        request.user.remember_language(request.POST.get("language", ""))
    return response


class RefusedInput(Exception):
    """A value of the request holds a character the portal never accepts (core.middleware): answered with 400."""


def bad_request(request, exception, template_name="400.html"):
    """Django's 400, saying why when the portal knows: refused characters, too many fields or files, too large."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.http import HttpResponseBadRequest
    from django.template import loader
    from django.utils.translation import gettext as _

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
