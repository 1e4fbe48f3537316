"""How the follow-ups app names, links and checks a meeting's action items: registered in
`MeetingsConfig.ready()` (`follow_ups.registry`), since follow-ups sit below meetings."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.follow_ups.registry import SourceKind

from . import policy
from .models import Meeting
from .services import SOURCE_TYPE

__all__ = ["MEETING_SOURCE", "SOURCE_TYPE"]


def load(ids) -> dict[str, Meeting]:
    pks = [int(pk) for pk in ids if str(pk).isdigit()]
    return {str(m.pk): m for m in Meeting.objects.filter(pk__in=pks).select_related("office")}


def title(meeting: Meeting) -> str:
    day = date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    return f"{meeting.title} · {day}"


MEETING_SOURCE = SourceKind(
    label=_("Meeting"),
    load=load,
    reference=lambda meeting: meeting.title,
    title=title,
    url=lambda meeting: reverse("meetings:meeting", args=[meeting.pk]) + "#decisions",
    may_complete=policy.meeting_follow_up_may_complete,
    concerned=lambda meeting: scope.section_officers(meeting.section_id),
)
