"""The agenda's two state machines in one table each, in the shape of the cases'
(`apps/cases/workflow.py`): meetings (scheduled → held → minuted, or cancelled) and
consultations a village books with a section (requested → confirmed, or another time
proposed, or cancelled by either side).

Per state: whether it is closed and whether its time still holds the room. Per step: the
states it starts from, who may take it (relative to the meeting or consultation), the service
that takes it and its label, and a guard where time matters (check-in only during the meeting
window, minutes only once it has begun). The policy, the services, the pages and the API
derive from these tables; `tests/test_workflow_table.py` fails when one drifts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core import clock

# An invited official may check in from this long before the start until the end.
CHECK_IN_BEFORE = timedelta(minutes=30)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "dijadwalkan", _("Scheduled")
    HELD = "terlaksana", _("Held")
    MINUTED = "bernotulen", _("Minutes recorded")
    CANCELLED = "dibatalkan", _("Cancelled")


class ConsultationStatus(models.TextChoices):
    REQUESTED = "diajukan", _("Requested")
    PROPOSED = "diusulkan", _("Another time proposed")
    CONFIRMED = "dikonfirmasi", _("Confirmed")
    CANCELLED = "dibatalkan", _("Cancelled")


class Who(StrEnum):
    """Who may take a step, relative to the meeting or consultation."""

    LEADER = "leader"  # the camat or a secretary of its office
    ORGANISER = "organiser"  # an officer of the organising (or consulted) section
    INVITEE = "invitee"  # a person invited to the meeting
    VILLAGE = "village"  # an official of the village that booked the consultation


@dataclass(frozen=True)
class State:
    closed: bool = False
    holds_time: bool = True  # its room and officer slots stay taken
    waiting_for: str = ""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    who: frozenset[Who]
    service: str  # the function in `apps.meetings.services` that takes it
    keeps_state: bool = False
    guard: Callable | None = field(default=None, compare=False)
    guard_message: str = ""


def has_begun(meeting) -> bool:
    return clock.now() >= meeting.starts_at


def check_in_open(meeting) -> bool:
    """Check-in is open from a little before the start until the end."""
    now = clock.now()
    return meeting.starts_at - CHECK_IN_BEFORE <= now <= meeting.ends_at


MEETING_STATES: dict[str, State] = {
    MeetingStatus.SCHEDULED: State(waiting_for=_("the meeting to take place")),
    MeetingStatus.HELD: State(waiting_for=_("the minutes")),
    MeetingStatus.MINUTED: State(closed=True),
    MeetingStatus.CANCELLED: State(closed=True, holds_time=False),
}

MANAGERS = frozenset({Who.LEADER, Who.ORGANISER})
INVITEES = frozenset({Who.INVITEE})

MEETING_STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("respond", _("Answer the invitation"), (MeetingStatus.SCHEDULED,), INVITEES,
             "invitation_respond", keeps_state=True),
        Step("check_in", _("Check in"), (MeetingStatus.SCHEDULED, MeetingStatus.HELD), INVITEES,
             "meeting_check_in", keeps_state=True, guard=check_in_open,
             guard_message=_("Check-in is open only during the meeting.")),
        Step("record_attendance", _("Record attendance"),
             (MeetingStatus.SCHEDULED, MeetingStatus.HELD), MANAGERS, "attendance_record",
             keeps_state=True, guard=has_begun,
             guard_message=_("Attendance is recorded once the meeting has begun.")),
        Step("hold", _("Mark as held"), (MeetingStatus.SCHEDULED,), MANAGERS, "meeting_hold",
             guard=has_begun, guard_message=_("The meeting has not begun yet.")),
        Step("record_minutes", _("Record the minutes"),
             (MeetingStatus.SCHEDULED, MeetingStatus.HELD), MANAGERS, "meeting_record_minutes",
             guard=has_begun, guard_message=_("The meeting has not begun yet.")),
        Step("cancel", _("Cancel the meeting"), (MeetingStatus.SCHEDULED,), MANAGERS,
             "meeting_cancel"),
    )
}  # fmt: skip

CONSULTATION_STATES: dict[str, State] = {
    ConsultationStatus.REQUESTED: State(waiting_for=_("the section to confirm the time")),
    ConsultationStatus.PROPOSED: State(waiting_for=_("the village to accept the new time")),
    ConsultationStatus.CONFIRMED: State(waiting_for=_("the consultation")),
    ConsultationStatus.CANCELLED: State(closed=True, holds_time=False),
}

CONSULTATION_STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("confirm", _("Confirm"), (ConsultationStatus.REQUESTED,), MANAGERS,
             "consultation_confirm"),
        Step("propose", _("Propose another time"),
             (ConsultationStatus.REQUESTED, ConsultationStatus.PROPOSED), MANAGERS,
             "consultation_propose"),
        Step("accept", _("Accept the new time"), (ConsultationStatus.PROPOSED,),
             frozenset({Who.VILLAGE}), "consultation_accept"),
        Step("cancel", _("Cancel"),
             (ConsultationStatus.REQUESTED, ConsultationStatus.PROPOSED,
              ConsultationStatus.CONFIRMED), frozenset({Who.VILLAGE, Who.LEADER, Who.ORGANISER}),
             "consultation_cancel"),
    )
}  # fmt: skip

OPEN_MEETING_STATES = tuple(s for s, state in MEETING_STATES.items() if not state.closed)
ACTIVE_CONSULTATION_STATES = tuple(
    s for s, state in CONSULTATION_STATES.items() if state.holds_time
)
