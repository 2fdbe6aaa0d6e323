"""Documents in the admin: to look, not to upload (uploads must pass validation.py)."""

from django.contrib import admin

from buyersgroup.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "doc_type", "language", "size", "extraction_status", "created_at"]
    list_filter = ["kind", "doc_type", "language", "extraction_status"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["content_type"]
    readonly_fields = [field.name for field in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
