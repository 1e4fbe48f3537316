"""Who may see a meeting or a consultation and take which step: the agenda's rules, built on
the scope primitives of `accounts.policy` and the workflow tables (`workflow.py`).

Meetings: the office's staff and the regency's inspectors see every meeting of the office; a
village official sees the public ones and those their village or they themselves are invited
to. Consultations: the office's staff and inspectors see them all; a village official only
their own village's. Anything else is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.core.errors import InvalidState, NotAllowed

from .models import Consultation, Invitation, Meeting
from .workflow import CONSULTATION_STEPS, MEETING_STEPS, Who


def meetings_for(membership) -> QuerySet[Meeting]:
    if membership is None:
        return Meeting.objects.none()
    if scope.is_village_official(membership):
        return Meeting.objects.filter(
            Q(is_public=True, office_id=membership.office_id)
            | Q(villages__village_id=membership.village_id)
            | Q(invitations__user_id=membership.user_id)
        ).distinct()
    return Meeting.objects.filter(office__in=scope.offices_for(membership))


def meeting_get_for(membership, *, pk) -> Meeting:
    found = (
        meetings_for(membership)
        .select_related("office", "room", "section", "created_by", "minutes_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def invitation_of(membership, meeting: Meeting) -> Invitation | None:
    """This person's invitation to the meeting, if any (cached on the meeting)."""
    if membership is None:
        return None
    cache = meeting.__dict__.setdefault("_invitation_of", {})
    if membership.user_id not in cache:
        cache[membership.user_id] = Invitation.objects.filter(
            meeting=meeting, user_id=membership.user_id
        ).first()
    return cache[membership.user_id]


def manages_meeting(membership, meeting: Meeting) -> bool:
    """The camat, a secretary, or an officer of the organising section."""
    return scope.leads_office(membership, meeting.office_id) or (
        scope.serves_section(membership, meeting.section_id)
        and membership.office_id == meeting.office_id
    )


MEETING_WHO = {
    Who.LEADER: lambda m, meeting: scope.leads_office(m, meeting.office_id),
    Who.ORGANISER: lambda m, meeting: (
        scope.serves_section(m, meeting.section_id) and m.office_id == meeting.office_id
    ),
    Who.INVITEE: lambda m, meeting: invitation_of(m, meeting) is not None,
}


def meeting_may(membership, step: str, meeting: Meeting) -> bool:
    return membership is not None and any(
        MEETING_WHO[who](membership, meeting) for who in MEETING_STEPS[step].who
    )


def meeting_can(membership, step: str, meeting: Meeting) -> bool:
    spec = MEETING_STEPS[step]
    return (
        meeting.status in spec.sources
        and (spec.guard is None or spec.guard(meeting))
        and meeting_may(membership, step, meeting)
    )


def meeting_steps_for(membership, meeting: Meeting) -> set[str]:
    return {name for name in MEETING_STEPS if meeting_can(membership, name, meeting)}


def meeting_require(membership, step: str, meeting: Meeting) -> None:
    """Refuse a step: by role first (403), then by state and time (409)."""
    if not meeting_may(membership, step, meeting):
        raise NotAllowed(_("Your role may not take this step on this meeting."))
    spec = MEETING_STEPS[step]
    if meeting.status not in spec.sources:
        raise InvalidState(
            _("This step is not possible while the meeting is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    if spec.guard is not None and not spec.guard(meeting):
        raise InvalidState(str(spec.guard_message))


def can_schedule_meeting(membership) -> bool:
    """The camat, the secretaries and the section officers schedule meetings."""
    return membership is not None and scope.works_in_office(membership, membership.office_id)


# --- consultations --------------------------------------------------------------------------


def consultations_for(membership) -> QuerySet[Consultation]:
    if membership is None:
        return Consultation.objects.none()
    if scope.is_village_official(membership):
        return Consultation.objects.filter(village_id=membership.village_id)
    return Consultation.objects.filter(office__in=scope.offices_for(membership))


def consultation_get_for(membership, *, pk) -> Consultation:
    found = (
        consultations_for(membership)
        .select_related("office", "village", "section", "room", "officer", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


CONSULTATION_WHO = {
    Who.LEADER: lambda m, c: scope.leads_office(m, c.office_id),
    Who.ORGANISER: lambda m, c: (
        scope.serves_section(m, c.section_id) and m.office_id == c.office_id
    ),
    Who.VILLAGE: lambda m, c: scope.represents_village(m, c.village_id),
}


def consultation_may(membership, step: str, consultation: Consultation) -> bool:
    return membership is not None and any(
        CONSULTATION_WHO[who](membership, consultation) for who in CONSULTATION_STEPS[step].who
    )


def consultation_can(membership, step: str, consultation: Consultation) -> bool:
    return consultation.status in CONSULTATION_STEPS[step].sources and consultation_may(
        membership, step, consultation
    )


def consultation_steps_for(membership, consultation: Consultation) -> set[str]:
    return {n for n in CONSULTATION_STEPS if consultation_can(membership, n, consultation)}


def consultation_require(membership, step: str, consultation: Consultation) -> None:
    if not consultation_may(membership, step, consultation):
        raise NotAllowed(_("Your role may not take this step on this consultation."))
    if consultation.status not in CONSULTATION_STEPS[step].sources:
        raise InvalidState(
            _("This step is not possible while the consultation is “%(status)s”.")
            % {"status": consultation.get_status_display()}
        )


def can_book_consultation(membership) -> bool:
    """Villages book consultations with a section."""
    return scope.is_village_official(membership)


def meeting_follow_up_may_complete(membership, meeting: Meeting, follow_up) -> bool:
    """Beyond the item's owner and the office's leaders: the organising section."""
    return manages_meeting(membership, meeting)
