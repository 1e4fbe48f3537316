from django.contrib import admin

from apps.offices.admin import ReadOnlyAdmin

from .models import ObligationType, Submission


@admin.register(ObligationType)
class ObligationTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "office", "period", "section", "is_active"]
    list_filter = ["office", "period"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["obligation", "village", "period_start", "status", "on_time"]
    list_filter = ["office", "status", "obligation__period"]
