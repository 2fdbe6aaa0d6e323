"""Tenders as a kind of entry: everything the core needs to know, in one registration."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buyersgroup.core.db import related_only
from buyersgroup.members.models import NAME_SHOWN
from buyersgroup.entries import registry


def _detail_queryset(queryset):
    from tenders.models import AppliedCriterion

    # Not the tender it revises (only a pending revision has one, and its page reads it): each join
    # of the table with itself adds a millisecond to planning the page's main statement (3.5 -> 2.2).
    queryset = queryset.select_related("organisation", "author", "contact", "main_cpv", "started_from").prefetch_related(
        "co_buyers", "categories", "additional_cpvs", "documents", "awarded_suppliers",
        Prefetch("applied_criteria", AppliedCriterion.objects.select_related("criterion")),
    )
    # Of the people and the tender it started from, what the page shows and the access rule reads.
    for person in ("author", "contact"):
        queryset = related_only(queryset, person, *NAME_SHOWN)
    return related_only(queryset, "started_from", "title", "status", "organisation", "author", "revision_of",
                        "updated_at")


def _content_context(tender) -> dict:
    """The criteria table's rows, by pillar, the award weights' total, and the entries linking to it."""
    from tenders.forms import award_weight_total, plain_decimal

    from buyersgroup.taxonomy.models import Pillar

    applied_criteria = list(tender.applied_criteria.all())
    pillars = list(Pillar.values)
    criteria_by_pillar: dict[str, list] = {}
    for applied in sorted(applied_criteria, key=lambda a: (pillars.index(a.criterion.pillar), a.position, a.pk)):
        criteria_by_pillar.setdefault(applied.criterion.get_pillar_display(), []).append(applied)
    total = award_weight_total(applied_criteria)
    # "Lessons learned from this tender": published entries of other kinds that link to it.
    linked = [
        (kind, list(kind.model.objects.published().filter(**{kind.links_to_tenders: tender.public_entry})
                    .only("pk", "title", "organisation__name").select_related("organisation")[:20]))
        for kind in registry.kinds() if kind.links_to_tenders
    ]
    return {
        "linked_entries": [(k, rows) for k, rows in linked if rows],
        "criteria_by_pillar": criteria_by_pillar,
        "award_weight_total": plain_decimal(total),
        "award_weight_rest": plain_decimal(100 - total) if total is not None and total < 100 else None,
    }


def _content_stamps(table: str) -> dict:
    """The published entries of other kinds that link to the tender change without it: which link
    to it, their titles, their state (a digest per kind, as the kept parts' key)."""
    from buyersgroup.entries.content import links_stamp

    return {f"linked_{kind.name}": links_stamp(kind.model._meta.get_field(kind.links_to_tenders).remote_field.through,
                                               table, kind.model)
            for kind in registry.kinds() if kind.links_to_tenders}


def _start_from(tender) -> dict:
    """What a new draft takes from a published tender ("Start from this tender"): its categories,
    CPV codes, contract and procedure, and its criteria as applied (where used, weight, verification).
    Not its documents, its notes or anything about the other buyer's contract. Inactive categories
    and criteria, which a new tender cannot choose, are left out."""
    from tenders.forms import plain_decimal

    return {
        "form": {
            "categories": [c.pk for c in tender.categories.all() if c.is_active],
            "main_cpv": tender.main_cpv,
            "additional_cpvs": list(tender.additional_cpvs.all()),
            "contract_type": tender.contract_type,
            "procedure_type": tender.procedure_type,
            "framework_agreement": tender.framework_agreement,
        },
        "formsets": {
            "criteria": [
                {"criterion": a.criterion_id, "used_in": a.used_in, "weight": plain_decimal(a.weight), "verification": a.verification}
                for a in tender.applied_criteria.all() if a.criterion.is_active
            ],
        },
    }


def register_kind() -> registry.EntryKind:
    from tenders.forms import CriteriaFormSet, SuppliersFormSet, TenderForm
    from tenders.models import Tender

    return registry.register(
        registry.EntryKind(
            name="tenders",
            model=Tender,
            form_class=TenderForm,
            formsets={"criteria": CriteriaFormSet, "suppliers": SuppliersFormSet},
            detail_template="tenders/detail.html",
            form_template="tenders/form.html",
            detail_queryset=_detail_queryset,
            content_context=_content_context,
            content_stamps=_content_stamps,
            start_from=_start_from,
            published_label=lambda count: ngettext("published tender", "published tenders", count),
            description=_("Tenders your peers ran, with their documents and the sustainability criteria they applied."),
            criteria_path="applied_criteria__criterion",
            extra_list_pages=("suggest", "import", "import_template", "import_check"),
            coordination_pages=(("import", _("Import tenders (CSV or Excel)")),),
            demo_seeder="tenders.demo.seed_tenders",
            order=10,
        )
    )
