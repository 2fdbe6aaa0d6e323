"""Saved searches: save the current search, rename it, choose its digest, delete it, unsubscribe by link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csrf import csrf_exempt
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from buyersgroup.search.digests import saved_search_of
from buyersgroup.search.models import Frequency, SavedSearch
from buyersgroup.search.service import Search

MAX_SAVED = 50
KEPT_PARAMETERS_DROPPED = ("page", "partial", "csrfmiddlewaretoken", "name", "frequency")


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {"name": gettext_lazy("Name of this search")}


def _own(request, pk) -> SavedSearch:
    return get_object_or_404(SavedSearch, pk=pk, member=request.user)


def saved_list(request):
    return render(request, "search/saved_list.html")


@require_POST
def save(request):
    """Save the search whose parameters the form carries (the search page's own). Under the name of
    one of the member's saved searches, it replaces that one's search (how a paused one is mended)."""
    params = QueryDict(request.POST.get("query", "")[:2000], mutable=True)
    for name in KEPT_PARAMETERS_DROPPED:
        params.pop(name, None)
    back = redirect(reverse("search:search") + (f"?{params.urlencode()}" if params else ""))
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the search a name to save it."))
        return back
    ignored = Search(params, request.user).ignored
    if ignored:  # its digest would announce what the filter was meant to leave out (digests._pause)
        messages.error(request, " ".join([_("Change or clear the filters the search ignores, then save it:"),
                                          *ignored.values()]))
        return back
    saved = request.user.saved_searches.filter(name__iexact=form.cleaned_data["name"]).first()
    if saved is None and request.user.saved_searches.count() >= MAX_SAVED:
        messages.error(request, _("You have saved %(count)s searches: delete one first.") % {"count": MAX_SAVED})
        return redirect("search:saved")
    if saved is not None:
        # New results are those published from now on; the entries already announced stay announced.
        saved.created_at, saved.frequency, saved.paused_filters = timezone.now(), form.cleaned_data["frequency"], []
        message = _("Search “%(name)s” replaced by this one. Find it on your home page.")
    else:
        saved = form.save(commit=False)
        saved.member = request.user
        message = _("Search “%(name)s” saved. Find it on your home page.")
    saved.query = params.urlencode()
    saved.language = (get_language() or "en")[:2]
    saved.save()
    messages.success(request, message % {"name": saved.name})
    return redirect(saved.get_absolute_url())


def edit(request, pk):
    saved = _own(request, pk)
    form = SavedSearchForm(request.POST or None, instance=saved)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved search “%(name)s” changed.") % {"name": saved.name})
        return redirect("search:saved")
    return render(request, "search/saved_edit.html", {"form": form, "saved": saved})


def delete(request, pk):
    saved = _own(request, pk)
    if request.method == "POST":
        saved.delete()
        messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
        return redirect("search:saved")
    return render(request, "search/saved_delete.html", {"saved": saved})


@login_not_required
@csrf_exempt  # the signed token is the proof; mail programs' one-click POST (RFC 8058) has no cookie
def unsubscribe(request, token):
    """Stop the digest of the one saved search the signed link names; no login needed. Opening it
    asks first (link checkers open links too); a POST, from that page or from the mail program's
    "Unsubscribe" button, stops it."""
    saved = saved_search_of(token)
    if saved is None:
        return render(request, "search/unsubscribed.html", {"saved": None}, status=404)
    if request.method == "POST":
        SavedSearch.objects.filter(pk=saved.pk).update(frequency=Frequency.NEVER)
        return render(request, "search/unsubscribed.html", {"saved": saved, "done": True})
    return render(request, "search/unsubscribed.html", {"saved": saved, "done": False})
