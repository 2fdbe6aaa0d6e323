"""Reference data pages: criteria and categories (read by members, edited by coordinators) and CPV lookup."""

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buyersgroup import access
from buyersgroup.access import coordinator_required
from buyersgroup.core.ratelimits import rate_limited
from buyersgroup.taxonomy.cpv import search_cpv
from buyersgroup.taxonomy.forms import CriterionForm, ProductCategoryForm
from buyersgroup.taxonomy.models import Criterion, Pillar, ProductCategory


@require_GET
def criteria_list(request):
    """Every member reads the criteria; coordinators also see inactive ones and edit links."""
    can_manage = access.can_manage_members(request.user)
    criteria = Criterion.objects.all() if can_manage else Criterion.objects.filter(is_active=True)
    by_pillar = {pillar: [] for pillar in Pillar}
    for criterion in criteria:
        by_pillar[criterion.pillar].append(criterion)
    pillars = [(Pillar(pillar).label, rows) for pillar, rows in by_pillar.items() if rows]
    return render(request, "taxonomy/criteria_list.html", {"pillars": pillars, "can_manage": can_manage})


USES_SHOWN = 20


def criterion_detail(request, code):
    """A criterion's reference page: what it asks, how it is verified, and the published entries that use it."""
    from buyersgroup.entries import registry

    criterion = get_object_or_404(Criterion, code=code)
    uses = []
    for kind in registry.kinds():
        if not kind.criteria_path:
            continue
        entries = (
            kind.model.objects.published().filter(**{kind.criteria_path: criterion}).distinct()
            .select_related("organisation").only("pk", "title", "published_at", "organisation__name")
            .order_by("-published_at", "-pk")
        )
        rows = list(entries[:USES_SHOWN + 1])
        uses.append((kind, rows[:USES_SHOWN], len(rows) > USES_SHOWN))
    return render(request, "taxonomy/criterion_detail.html", {"criterion": criterion, "uses": uses})


@coordinator_required
def criterion_create(request):
    return _edit_criterion(request, Criterion())


@coordinator_required
def criterion_edit(request, pk):
    return _edit_criterion(request, get_object_or_404(Criterion, pk=pk))


def _edit_criterion(request, criterion):
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        criterion = form.save()
        messages.success(request, _("Criterion %(code)s saved.") % {"code": criterion.code})
        return redirect("taxonomy:criteria")
    return render(request, "taxonomy/criterion_form.html", {"form": form, "criterion": criterion})


@require_GET
def category_list(request):
    can_manage = access.can_manage_members(request.user)
    categories = ProductCategory.objects.prefetch_related("cpv_codes")
    if not can_manage:
        categories = categories.filter(is_active=True)
    return render(request, "taxonomy/category_list.html", {"categories": categories, "can_manage": can_manage})


@coordinator_required
def category_create(request):
    return _edit_category(request, ProductCategory())


@coordinator_required
def category_edit(request, pk):
    return _edit_category(request, get_object_or_404(ProductCategory, pk=pk))


def _edit_category(request, category):
    form = ProductCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the category and its CPV codes together
            category = form.save()
        messages.success(request, _("Category “%(name)s” saved.") % {"name": category.name})
        return redirect("taxonomy:categories")
    return render(request, "taxonomy/category_form.html", {"form": form, "category": category})


@require_GET
@rate_limited("lookup")
def cpv_lookup(request):
    """A page to look up CPV codes, so the tender form also works without JavaScript."""
    query = request.GET.get("q", "")[:100]
    return render(request, "taxonomy/cpv_lookup.html", {"query": query, "codes": search_cpv(query)})


@require_GET
@rate_limited("lookup")
def cpv_search(request):
    """Autocomplete for CPV fields: an HTML fragment of options, or JSON with ?format=json."""
    codes = search_cpv(request.GET.get("q", "")[:100])
    if request.GET.get("format") == "json":
        return JsonResponse(
            [{"code": code.code, "display_code": code.display_code, "label": code.label} for code in codes], safe=False
        )
    return render(request, "taxonomy/cpv_lookup.html#cpv-options", {"codes": codes})
