from django.contrib import admin

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Read-only: articles change through the knowledge pages (audited services)."""

    list_display = ("title", "office", "kind", "visibility", "status")
    list_filter = ("kind", "visibility", "status", "office")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
