"""The API's pages for people: a member's tokens, and the documentation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyersgroup import access
from buyersgroup.api import docs
from buyersgroup.api.authentication import RATE_LIMIT
from buyersgroup.api.forms import TokenForm
from buyersgroup.api.models import ApiToken
from buyersgroup.core.security import record


def _member_only(request):
    if not access.is_member(request.user):
        raise Http404


def tokens(request):
    """The member's tokens; a new one's secret is shown in the answer to the form, once."""
    _member_only(request)
    form = TokenForm(request.POST if request.method == "POST" else None, member=request.user)
    created = secret = None
    if form.is_bound and form.is_valid():
        created, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        record("api_token_created", request, credential=created.pk, name=created.name)
        form = TokenForm(member=request.user)
    context = {"form": form, "created": created, "secret": secret,
               "tokens": ApiToken.objects.active().filter(member=request.user)}
    response = render(request, "api/tokens.html", context, status=200 if not form.errors else 400)
    add_never_cache_headers(response)  # the secret must not stay in a cache
    return response


@require_POST
def revoke(request, pk):
    _member_only(request)
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, member=request.user)
    token.revoke()
    record("api_token_revoked", request, credential=token.pk, name=token.name)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api:tokens")


def _rates_in_words() -> str:
    """"60/m/key,1000/h/key" as "60 a minute, 1000 an hour"."""
    from allauth.core.internal.ratelimit import parse_rates

    units = {1: _("%(count)s a second"), 60: _("%(count)s a minute"), 3600: _("%(count)s an hour"),
             86400: _("%(count)s a day")}
    words = [units[rate.duration] % {"count": rate.amount} if rate.duration in units
             else _("%(count)s in %(seconds)s seconds") % {"count": rate.amount, "seconds": rate.duration}
             for rate in parse_rates(settings.PORTAL_RATE_LIMITS[RATE_LIMIT])]
    return ", ".join(words)


@require_GET
def documentation(request):
    _member_only(request)
    return render(request, "api/docs.html", {"api": docs.describe(request), "rates": _rates_in_words()})
