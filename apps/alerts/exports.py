"""What a village's handover export holds from the early warning (offices.village_export):
the alerts it received with its acknowledgements and states, its incidents with photos and
referrals, and its readiness records."""

from apps.offices.village_export import VillageExportPart

from .models import (
    Alert,
    Delivery,
    EmergencyContact,
    EvacuationPoint,
    Incident,
    IncidentPhoto,
    IncidentReferral,
    ReadinessAsset,
    ReadinessCheck,
    StateReport,
)


def _records(village):
    deliveries = Delivery.objects.filter(village=village).order_by("id")
    return [
        Alert.objects.filter(deliveries__village=village).distinct().order_by("id"),
        deliveries,
        StateReport.objects.filter(delivery__village=village).order_by("id"),
        Incident.objects.filter(village=village).order_by("id"),
        IncidentPhoto.objects.filter(incident__village=village).order_by("id"),
        IncidentReferral.objects.filter(incident__village=village).order_by("id"),
        EmergencyContact.objects.filter(village=village).order_by("id"),
        EvacuationPoint.objects.filter(village=village).order_by("id"),
        ReadinessAsset.objects.filter(village=village).order_by("id"),
        ReadinessCheck.objects.filter(village=village).order_by("id"),
    ]


def _files(village):
    photos = IncidentPhoto.objects.filter(incident__village=village).order_by("id")
    return [p.file for p in photos]


VILLAGE_EXPORT = VillageExportPart(records=_records, files=_files)
