"""Admin for the reference data. Nothing here is deleted: tenders refer to it (deactivate instead)."""

from django.contrib import admin

from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CpvCode)
class CpvCodeAdmin(NoDeleteAdmin):
    list_display = ["code", "check_digit", "label_en", "label_nl", "label_fr", "level"]
    list_filter = ["level"]
    search_fields = ["code", "label_en", "label_nl", "label_fr", "label_de"]
    raw_id_fields = ["parent"]
    show_full_result_count = False


@admin.register(Criterion)
class CriterionAdmin(NoDeleteAdmin):
    list_display = ["code", "name_en", "pillar", "ordering", "is_active"]
    list_filter = ["pillar", "is_active"]
    search_fields = ["code", "name_en", "name_nl", "name_fr"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(NoDeleteAdmin):
    list_display = ["slug", "name_en", "ordering", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["slug", "name_en", "name_nl", "name_fr"]
    autocomplete_fields = ["cpv_codes"]
