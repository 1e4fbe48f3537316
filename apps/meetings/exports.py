"""What a village's handover export holds from the agenda (offices.village_export): the
meetings the village was invited to, with their agenda, the village's invitations
(answers and check-ins) and photos, and its consultations."""

from apps.offices.village_export import VillageExportPart

from .models import AgendaItem, Consultation, Invitation, InvitedVillage, Meeting, MeetingPhoto


def _meetings(village):
    return Meeting.objects.filter(villages__village=village).distinct().order_by("id")


def _records(village):
    meetings = _meetings(village)
    return [
        meetings,
        InvitedVillage.objects.filter(village=village).order_by("id"),
        AgendaItem.objects.filter(meeting__in=meetings).order_by("id"),
        Invitation.objects.filter(village=village).order_by("id"),
        MeetingPhoto.objects.filter(meeting__in=meetings).order_by("id"),
        Consultation.objects.filter(village=village).order_by("id"),
    ]


def _files(village):
    photos = MeetingPhoto.objects.filter(meeting__in=_meetings(village)).order_by("id")
    return [p.file for p in photos]


VILLAGE_EXPORT = VillageExportPart(records=_records, files=_files)
