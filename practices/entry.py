"""Practices as a kind of entry: everything the core needs to know, in one registration."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buyersgroup.core.db import related_only
from buyersgroup.members.models import NAME_SHOWN
from buyersgroup.entries import registry


def _detail_queryset(queryset):
    from tenders.models import Tender

    queryset = queryset.select_related("organisation", "author").prefetch_related(  # not revision_of: see tenders
        "categories", "documents",
        Prefetch("related_tenders", Tender.objects.published().select_related("organisation").order_by("title")),
        "criteria",
    )
    return related_only(queryset, "author", *NAME_SHOWN)


def _content_stamps(table: str) -> dict:
    """The linked tenders the page lists change without the practice: their titles (a revision
    published onto them), their state (archived ones are not listed)."""
    from buyersgroup.entries.content import links_stamp
    from practices.models import Practice
    from tenders.models import Tender

    return {"tenders": links_stamp(Practice.related_tenders.through, table, Tender)}


def register_kind() -> registry.EntryKind:
    from practices.forms import PracticeForm
    from practices.models import Practice

    return registry.register(
        registry.EntryKind(
            name="practices",
            model=Practice,
            form_class=PracticeForm,
            detail_template="practices/detail.html",
            form_template="practices/form.html",
            detail_queryset=_detail_queryset,
            content_stamps=_content_stamps,
            published_label=lambda count: ngettext("published practice", "published practices", count),
            description=_("Best practices, model clauses, lessons learned and the group's reports."),
            criteria_path="criteria",
            links_to_tenders="related_tenders",
            extra_entry_pages=("text",),
            demo_seeder="practices.demo.seed_practices",
            order=20,
        )
    )
