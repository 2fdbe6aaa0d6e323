"""Tenders in the admin: for the secretariat to look things up, not to edit around the review workflow.

The changelist is also the benchmark's naive peer (SPEC §12): the admin's search and
counts on the same data, against which the portal's own list is measured.
"""

from django.contrib import admin

from tenders.models import Tender


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "stage", "published_at"]
    list_filter = ["status", "stage", "contract_type"]
    search_fields = ["title", "reference", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = [field.name for field in Tender._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
