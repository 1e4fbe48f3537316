from django.contrib import admin

from .models import Agency, AuditLog, Category, Office, Section, Village


class ReadOnlyAdmin(admin.ModelAdmin):
    """Django's admin is for looking only: writes go through the services behind the
    RUKO PARSEL pages, which audit them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Office)
class OfficeAdmin(ReadOnlyAdmin):
    list_display = ["name", "region", "head_name"]


@admin.register(Section, Category, Agency)
class OfficeDataAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "office", "is_active"]
    list_filter = ["office"]


@admin.register(Village)
class VillageAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "office", "head_name"]
    list_filter = ["office", "kind"]


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is written by services and never changed."""

    list_display = ["created_at", "action", "target_repr", "actor", "office"]
    list_filter = ["action"]
    search_fields = ["target_repr", "action"]
