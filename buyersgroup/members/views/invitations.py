"""Invitations (one address or a CSV list), accepting one, and requests for access."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404


def invite(request):
    raise Http404  # not built yet


def invite_csv(request):
    raise Http404  # not built yet


@login_not_required
def accept_invitation(request, token):
    raise Http404  # not built yet


@login_not_required
def request_access(request):
    raise Http404  # not built yet


def access_requests(request):
    raise Http404  # not built yet


def decide_access_request(request, pk):
    raise Http404  # not built yet
