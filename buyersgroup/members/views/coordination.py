"""Coordinator pages: overview, organisations, managing a member (role, deactivation)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buyersgroup.access import coordinator_required
from buyersgroup.entries import registry
from buyersgroup.members import services
from buyersgroup.members.filters import ManagedMemberFilter
from buyersgroup.members.forms import OrganisationForm, RoleForm
from buyersgroup.members.models import AccessRequest, Invitation, Member, Organisation

MEMBERS_PER_PAGE = 50
ORGANISATIONS_PER_PAGE = 50


@coordinator_required
@require_GET
def coordination(request):
    members = Member.objects.select_related("organisation").order_by("last_name", "first_name", "pk")
    filters = ManagedMemberFilter(request.GET, queryset=members)
    context = {
        "pending_access_requests": AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).count(),
        "pending_invitations": Invitation.objects.pending().count(),
        "organisation_count": Organisation.objects.count(),
        "filters": filters,
        "page": Paginator(filters.qs, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
        "can_use_admin": admin.site.has_permission(request),  # the admin's own rule: active staff
        # Each kind of entry's own coordinator pages (e.g. importing tenders), from the registry.
        "kind_pages": [(kind.url(name), label) for kind in registry.kinds() for name, label in kind.coordination_pages],
    }
    return render(request, "members/coordination.html", context)


@coordinator_required
@require_GET
def organisations(request):
    listed = Organisation.objects.annotate(
        member_count=Count("members", filter=Q(members__is_active=True))
    ).order_by("name", "pk")
    page = Paginator(listed, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "members/organisations.html", {"organisations": page.object_list, "page": page})


@coordinator_required
def organisation_create(request):
    return _organisation_form(request, Organisation())


@coordinator_required
def organisation_edit(request, pk):
    return _organisation_form(request, get_object_or_404(Organisation, pk=pk))


def _organisation_form(request, organisation):
    creating, saved_name = organisation.pk is None, organisation.name
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=organisation)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(
            request,
            (_("Organisation %(name)s added.") if creating else _("Organisation %(name)s saved."))
            % {"name": organisation.name},
        )
        return redirect("members:organisations")
    return render(request, "members/organisation_form.html", {"form": form, "creating": creating, "saved_name": saved_name})


@coordinator_required
def manage_member(request, pk):
    member = get_object_or_404(Member.objects.select_related("organisation"), pk=pk)
    role_form = RoleForm(initial={"role": member.role})
    if request.method == "POST":
        role_form = _apply(request, member)
        if role_form is None:
            return redirect("members:manage_member", pk=member.pk)
    context = {"member": member, "role_form": role_form, "is_self": member.pk == request.user.pk}
    return render(request, "members/manage_member.html", context)


def _apply(request, member):
    """Run the posted action; return None when done, or the role form with its errors."""
    action = request.POST.get("action")
    try:
        if action == "deactivate":
            services.deactivate(member, by=request.user, request=request)
            messages.success(request, _("%(name)s is deactivated and logged out everywhere.") % {"name": member})
        elif action == "reactivate":
            services.reactivate(member, by=request.user, request=request)
            messages.success(request, _("%(name)s can log in again.") % {"name": member})
        elif action == "change_role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                return form
            services.change_role(member, form.cleaned_data["role"], by=request.user, request=request)
            messages.success(request, _("%(name)s is now: %(role)s.") % {"name": member, "role": member.get_role_display()})
    except services.MemberChangeRefused as refusal:
        messages.error(request, str(refusal))
    return None
