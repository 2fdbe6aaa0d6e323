"""Coordinator pages: overview, organisations, managing a member (role, deactivation)."""

from django.http import Http404


def coordination(request):
    raise Http404  # not built yet


def organisations(request):
    raise Http404  # not built yet


def organisation_create(request):
    raise Http404  # not built yet


def organisation_edit(request, pk):
    raise Http404  # not built yet


def manage_member(request, pk):
    raise Http404  # not built yet
