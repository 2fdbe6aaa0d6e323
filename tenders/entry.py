"""Tenders as a kind of entry: everything the core needs to know, in one registration."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buyersgroup.entries import registry


def _detail_queryset(queryset):
    from tenders.models import AppliedCriterion

    return queryset.select_related("organisation", "author", "contact", "main_cpv", "revision_of").prefetch_related(
        "co_buyers", "categories", "additional_cpvs", "documents",
        Prefetch("applied_criteria", AppliedCriterion.objects.select_related("criterion")),
    )


def _detail_context(tender) -> dict:
    criteria_by_pillar: dict[str, list] = {}
    for applied in tender.applied_criteria.all():
        criteria_by_pillar.setdefault(applied.criterion.get_pillar_display(), []).append(applied)
    # "Lessons learned from this tender": published entries of other kinds that link to it.
    linked = [
        (kind, list(kind.model.objects.published().filter(**{kind.links_to_tenders: tender.public_entry})
                    .only("pk", "title", "organisation__name").select_related("organisation")[:20]))
        for kind in registry.kinds() if kind.links_to_tenders
    ]
    return {"criteria_by_pillar": criteria_by_pillar, "linked_entries": [(k, rows) for k, rows in linked if rows]}


def register_kind() -> registry.EntryKind:
    from tenders.forms import CriteriaFormSet, TenderForm
    from tenders.models import Tender

    return registry.register(
        registry.EntryKind(
            name="tenders",
            model=Tender,
            form_class=TenderForm,
            formsets={"criteria": CriteriaFormSet},
            detail_template="tenders/detail.html",
            form_template="tenders/form.html",
            detail_queryset=_detail_queryset,
            detail_context=_detail_context,
            published_label=lambda count: ngettext("published tender", "published tenders", count),
            description=_("Tenders your peers ran, with their documents and the sustainability criteria they applied."),
            criteria_path="applied_criteria__criterion",
            extra_list_pages=("suggest", "import", "import_template", "import_check"),
            coordination_pages=(("import", _("Import tenders (CSV or Excel)")),),
            demo_seeder="tenders.demo.seed_tenders",
            order=10,
        )
    )
