from django.contrib import admin

from apps.offices.admin import ReadOnlyAdmin

from .models import ActivityReport


@admin.register(ActivityReport)
class ActivityReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "office", "status", "requested_at", "size"]
    list_filter = ["office", "status"]
