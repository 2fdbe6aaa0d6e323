"""Search and filters for the member directory and the coordinators' member table."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buyersgroup.core.choices import KeptChoicesMixin, forget_on_change
from buyersgroup.core.widgets import FastSelect
from buyersgroup.members.models import GovernmentLevel, Member, Organisation, Region, Role

# The directory lists the organisations that have active members (core.choices keeps the list).
forget_on_change(Organisation, Member)


def _every_word(queryset, fields: list[str], text: str):
    """Each word typed must appear in one of ``fields``: "Aerts Gent" finds Alice Aerts of Stad Gent."""
    for word in text.split()[:10]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


class MemberDirectoryFilter(KeptChoicesMixin, django_filters.FilterSet):
    kept_choices = ("organisation",)
    kept_choices_scope = "directory"  # organisations with active members, not all of them

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.SearchInput,
        help_text=_("Name, organisation, job title or what they can help with"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(members__is_active=True).distinct().order_by("name"),
        empty_label=_("All organisations"),
        widget=FastSelect,  # hundreds of organisations
    )
    level = django_filters.ChoiceFilter(
        label=_("Government level"),
        field_name="organisation__level",
        choices=GovernmentLevel.choices,
        empty_label=_("All levels"),
        widget=FastSelect,
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        field_name="organisation__region",
        choices=Region.choices,
        empty_label=_("All regions"),
        widget=FastSelect,
    )

    def search(self, queryset, name, value):
        return _every_word(
            queryset, ["first_name", "last_name", "organisation__name", "job_title", "ask_me_about"], value
        )


class ManagedMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.SearchInput, help_text=_("Name, e-mail or organisation")
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All roles"))
    is_active = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("true", _("Active")), ("false", _("Deactivated"))],
        empty_label=_("Active and deactivated"),
        method="status",
    )

    def search(self, queryset, name, value):
        return _every_word(queryset, ["first_name", "last_name", "email", "organisation__name"], value)

    def status(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")
