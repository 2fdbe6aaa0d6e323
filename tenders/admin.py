"""Tenders in the admin: for the secretariat to look things up, not to edit around the review workflow.

The changelist is also the benchmark's naive peer (SPEC §12): the admin's search and
counts on the same data, against which the portal's own list is measured.
"""

from django.contrib import admin

from tenders.models import AppliedCriterion, AwardedSupplier, Tender


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AppliedCriterionInline(ReadOnlyInline):
    model = AppliedCriterion
    fields = ["criterion", "used_in", "weight", "verification", "note"]


class AwardedSupplierInline(ReadOnlyInline):
    model = AwardedSupplier
    fields = ["name", "enterprise_number"]


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "stage", "published_at"]
    list_filter = ["status", "stage", "contract_type"]
    search_fields = ["title", "reference", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = [field.name for field in Tender._meta.fields]
    inlines = [AppliedCriterionInline, AwardedSupplierInline]  # what the tender applied, whom it awarded

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
