"""What a village's handover export holds from the cases (offices.village_export)."""

from apps.offices.village_export import VillageExportPart

from .models import Attachment, Case, Comment


def _records(village):
    return [
        Case.objects.filter(village=village).order_by("id"),
        Comment.objects.filter(case__village=village).order_by("id"),
        Attachment.objects.filter(case__village=village).order_by("id"),
    ]


def _files(village):
    return [a.file for a in Attachment.objects.filter(case__village=village).order_by("id")]


VILLAGE_EXPORT = VillageExportPart(records=_records, files=_files)
