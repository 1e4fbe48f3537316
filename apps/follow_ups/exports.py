"""What a village's handover export holds from the follow-ups (offices.village_export):
the items of its own sources and the items it owns."""

from django.db.models import Q

from apps.offices.village_export import VillageExportPart

from .models import Evidence, FollowUp


def _mine(village):
    return Q(village=village) | Q(owner_village=village)


def _records(village):
    items = FollowUp.objects.filter(_mine(village)).order_by("id")
    return [items, Evidence.objects.filter(follow_up__in=items).order_by("id")]


def _files(village):
    items = FollowUp.objects.filter(_mine(village))
    return [e.file for e in Evidence.objects.filter(follow_up__in=items).order_by("id")]


VILLAGE_EXPORT = VillageExportPart(records=_records, files=_files)
