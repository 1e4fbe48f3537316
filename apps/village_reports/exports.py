"""What a village's handover export holds from its reports (offices.village_export)."""

from apps.offices.village_export import VillageExportPart

from .models import FigureValue, Submission, SubmissionFile


def _records(village):
    return [
        Submission.objects.filter(village=village).order_by("id"),
        FigureValue.objects.filter(submission__village=village).order_by("id"),
        SubmissionFile.objects.filter(submission__village=village).order_by("id"),
    ]


def _files(village):
    files = SubmissionFile.objects.filter(submission__village=village).order_by("id")
    return [f.file for f in files]


VILLAGE_EXPORT = VillageExportPart(records=_records, files=_files)
