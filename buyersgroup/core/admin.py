from django.contrib import admin

from buyersgroup.core.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the security log through the portal."""

    list_display = ["at", "kind", "email", "actor", "ip", "path"]
    list_filter = ["kind"]
    search_fields = ["email", "ip"]
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
