"""Member directory, member page, own profile and personal-data download."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buyersgroup import access
from buyersgroup.core.paths import path_maker
from buyersgroup.core.ratelimits import rate_limited
from buyersgroup.core.security import record
from buyersgroup.members import services
from buyersgroup.members.filters import MemberDirectoryFilter
from buyersgroup.members.forms import ProfileForm
from buyersgroup.members.models import GovernmentLevel, Language, Region

MEMBERS_PER_PAGE = 24
# What a card shows (templates/members/directory.html): not the password hash and the rest.
CARD_FIELDS = ("first_name", "last_name", "email", "show_email", "job_title", "ask_me_about", "languages",
               "organisation__name", "organisation__level", "organisation__region")


def _describe(members, viewer):
    """Add what the templates show but the model does not hold: language names, e-mail visibility,
    the organisation's level and region (looked up once, not ``get_FOO_display`` per card)."""
    # Each label translated once for the page, not once per card (they are lazy).
    levels, regions = ({value: str(label) for value, label in choices.choices} for choices in (GovernmentLevel, Region))
    languages = {value: str(label) for value, label in Language.choices}
    page_of = path_maker("members:detail")
    for member in members:
        member.url = page_of(member.pk)
        member.language_names = [languages[code] for code in member.languages if code in languages]
        member.email_visible = access.can_see_email(viewer, member)
        organisation = member.organisation
        member.level_label = levels.get(organisation.level, organisation.level) if organisation else ""
        member.region_label = regions.get(organisation.region, organisation.region) if organisation else ""
    return members


@require_GET
def directory(request):
    if not access.can_see_directory(request.user):
        raise Http404
    members = services.directory_members().select_related("organisation").only(*CARD_FIELDS).order_by(
        "last_name", "first_name", "pk")
    filters = MemberDirectoryFilter(request.GET, queryset=members)
    page = Paginator(filters.qs, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    _describe(page.object_list, request.user)
    return render(request, "members/directory.html", {"filters": filters, "page": page})


@require_GET
def member_detail(request, pk):
    if not access.can_see_directory(request.user):
        raise Http404
    from buyersgroup.entries import registry

    member = get_object_or_404(services.directory_members().select_related("organisation"), pk=pk)
    _describe([member], request.user)
    # What this person shared: published entries for everyone, drafts too for their colleagues.
    shared = []
    for kind in registry.kinds():
        entries = list(
            kind.model.objects.filter(author=member, revision_of__isnull=True).visible_to(request.user)
            .only("pk", "title", "status", "published_at", "updated_at")
            .order_by("-published_at", "-updated_at")[:SHARED_SHOWN]
        )
        shared.append((kind, entries))
    return render(request, "members/member_detail.html", {"member": member, "shared": shared})


SHARED_SHOWN = 25


def profile(request):
    if request.method == "POST" and request.POST.get("action") == "request_deletion":
        services.request_account_deletion(request.user)
        record("deletion_requested", request)
        messages.success(
            request,
            _(
                "Your request has been sent to the secretariat. They will delete your account and let you know. "
                "Tenders and practices you published stay in the portal, attributed to your organisation."
            ),
        )
        return redirect("members:profile")
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:profile")
    return render(request, "members/profile.html", {"form": form})


@require_GET
@rate_limited("export")
def personal_data(request):
    data = services.personal_data(request.user, request)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"buyersgroup-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
