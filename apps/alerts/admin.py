from django.contrib import admin

from apps.offices.admin import ReadOnlyAdmin

from .models import (
    Alert,
    AlertMessage,
    AlertSettings,
    Delivery,
    EmergencyContact,
    EvacuationPoint,
    Incident,
    ReadinessAsset,
    ReadinessCheck,
)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "office", "hazard", "severity", "status", "expires"]
    list_filter = ["office", "status", "hazard"]
    search_fields = ["headline"]


@admin.register(AlertMessage)
class AlertMessageAdmin(ReadOnlyAdmin):
    list_display = ["identifier", "msg_type", "sent"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["alert", "village", "acknowledged_at", "state", "escalated_at"]
    list_filter = ["state"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "village", "status", "occurred_at"]
    list_filter = ["office", "status", "hazard"]


@admin.register(AlertSettings, EmergencyContact, EvacuationPoint, ReadinessAsset, ReadinessCheck)
class ReadinessAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "office"]
    list_filter = ["office"]
