"""Member directory, member page, own profile and personal-data download."""

from django.http import Http404
from django.shortcuts import render

from buyersgroup.members.models import Member


def directory(request):
    members = Member.objects.filter(is_active=True, organisation__isnull=False).select_related("organisation")
    return render(request, "members/directory.html", {"members": members})


def member_detail(request, pk):
    raise Http404  # not built yet


def profile(request):
    raise Http404  # not built yet


def personal_data(request):
    raise Http404  # not built yet
