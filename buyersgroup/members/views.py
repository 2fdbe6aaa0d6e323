from django.shortcuts import render

from buyersgroup.members.models import Member


def directory(request):
    members = Member.objects.filter(is_active=True, organisation__isnull=False).select_related("organisation")
    return render(request, "members/directory.html", {"members": members})


# --- not built yet: each answers 404 until its feature lands -------------------
from django.http import Http404  # noqa: E402


def _not_built(*args, **kwargs):
    raise Http404


member_detail = profile = personal_data = coordination = invite = invite_csv = _not_built
access_requests = decide_access_request = organisations = organisation_create = _not_built
organisation_edit = manage_member = _not_built
request_access = accept_invitation = _not_built
