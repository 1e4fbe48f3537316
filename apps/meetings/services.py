"""Every write of the agenda: one service per step of the workflow tables (`workflow.py`).

Each is atomic, takes one keyword-only `acting` membership, locks its row, re-reads it,
checks rights (NotAllowed → 403) then state and time (InvalidState → 409) through the agenda
policy, then the input; writes an audit entry (`meetings.meeting.<verb>`,
`meetings.consultation.<verb>`) and tells the people concerned (in the app, and by e-mail
through the outbox once the transaction commits; an invitation carries an .ics file).

A booked time claims its slots of the room (and of the officer, for a consultation) in
`SlotClaim`, whose unique constraints refuse a second claim of the same slot: two villages
clicking the same slot at the same moment get one booking and one "taken" (409).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership, User
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.core.uploads import store_documents
from apps.follow_ups import services as follow_ups
from apps.follow_ups.registry import linkable_sources
from apps.follow_ups.services import FollowUpInput, Source
from apps.notifications.services import Attachment, notify
from apps.offices.audit import audit_record
from apps.offices.calendar import WorkCalendar
from apps.offices.models import AuditLog, Office, Section, Village
from apps.offices.services import masterdata_create_many, masterdata_save

from . import ical, policy
from .models import (
    SLOT_MINUTES,
    TEXT_LIMITS,
    AgendaItem,
    Availability,
    AvailabilityException,
    CalendarFeed,
    CheckInMethod,
    Consultation,
    Invitation,
    InvitedVillage,
    LetterCounter,
    Meeting,
    MeetingPhoto,
    Response,
    Room,
    SlotClaim,
)
from .workflow import ConsultationStatus, MeetingStatus

SOURCE_TYPE = "meeting"  # the follow-ups of a meeting (its action items)
DEFAULT_ROOM = "Ruang RUKO PARSEL"
SLOT = timedelta(minutes=SLOT_MINUTES)
# A consultation is reminded the day before and an hour before (each once).
REMIND_DAY_BEFORE = timedelta(hours=24)
REMIND_HOUR_BEFORE = timedelta(hours=1)


# --- shared helpers -----------------------------------------------------------------------------


def _msg(text, **params):
    """A notification text translated when it is sent, not in the actor's language."""
    return lazy(lambda: str(text) % params, str)()


def _when(moment: datetime):
    return lazy(date_format, str)(timezone.localtime(moment), "DATETIME_FORMAT")


def check_length(value: str, kind: str, field: str | None = None) -> str:
    limit = TEXT_LIMITS[kind]
    if len(value or "") > limit:
        raise DomainError(
            _("Shorten this text to %(limit)s characters (it has %(count)s).")
            % {"limit": limit, "count": len(value)},
            field=field or kind,
        )
    return value


def _tell(*, office, recipients, entry: AuditLog, key: str, title, body="", url="", actor=None,
          attachment=None):  # fmt: skip
    people = [p for p in recipients if p is not None and (actor is None or p.pk != actor.pk)]
    with translation.override(settings.LANGUAGE_CODE):
        title, body = str(title), str(body)
    notify(
        recipients=people,
        office=office,
        title=title,
        body=body,
        url=url,
        dedupe=f"{key}:audit:{entry.pk}",
        attachment=attachment,
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


def consultation_url(consultation: Consultation) -> str:
    return reverse("meetings:consultation", args=[consultation.pk])


def slot_starts(starts_at: datetime, ends_at: datetime) -> list[datetime]:
    """The slots a time covers: every SLOT_MINUTES mark from the one at or before the start
    up to the end (in the local time, where the grid is)."""
    start = timezone.localtime(starts_at)
    first = start.replace(minute=start.minute - start.minute % SLOT_MINUTES, second=0,
                          microsecond=0)  # fmt: skip
    slots, moment = [], first
    while moment < ends_at:
        slots.append(moment)
        moment += SLOT
    return slots


def _claim(*, starts_at, ends_at, room=None, officer=None, consultation=None, meeting=None):
    """Claim the slots, or refuse the time (409) when another booking holds one of them."""
    claims = []
    for moment in slot_starts(starts_at, ends_at):
        if room is not None:
            claims.append(SlotClaim(room=room, starts_at=moment, consultation=consultation,
                                    meeting=meeting))  # fmt: skip
        if officer is not None:
            claims.append(SlotClaim(officer=officer, starts_at=moment, consultation=consultation,
                                    meeting=meeting))  # fmt: skip
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on
            SlotClaim.objects.bulk_create(claims)
    except IntegrityError as error:
        raise InvalidState(
            _("This time has just been taken. Choose another time."), field="starts_at"
        ) from error


def _release(*, consultation=None, meeting=None) -> None:
    if consultation is not None:
        SlotClaim.objects.filter(consultation=consultation).delete()
    if meeting is not None:
        SlotClaim.objects.filter(meeting=meeting).delete()


def _lock(model, obj):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    obj.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in model._meta.concrete_fields}
    )
    return obj


# --- rooms ----------------------------------------------------------------------------------------


def room_setup(*, office: Office, actor=None) -> None:
    """Every office starts with its RUKO room (an `office_setup` hook; idempotent)."""
    if not Room.objects.filter(office=office).exists():
        masterdata_save(actor=actor, office=office, instance=Room(), values={"name": DEFAULT_ROOM})


def rooms_setup_many(*, offices: list[Office], actor=None) -> None:
    """`room_setup` for many new offices at once (the bulk set-up of offices)."""
    have = set(
        Room.objects.filter(office__in=offices).values_list("office_id", flat=True).distinct()
    )
    masterdata_create_many(
        actor=actor,
        items=[(o, Room(), {"name": DEFAULT_ROOM}) for o in offices if o.pk not in have],
    )


# --- consultations ------------------------------------------------------------------------------


def availability_at(section: Section, starts_at: datetime) -> Availability | None:
    """The consultation hours of the section that hold this slot on a working day, if any."""
    local = timezone.localtime(starts_at)
    if local.minute % SLOT_MINUTES or local.second or local.microsecond:
        return None
    day = local.date()
    if not WorkCalendar(section.office).is_working_day(day):
        return None
    closed = AvailabilityException.objects.filter(office_id=section.office_id, date=day).filter(
        section__isnull=True
    ) | AvailabilityException.objects.filter(section=section, date=day)
    if closed.exists():
        return None
    end = (local + SLOT).time()
    return (
        Availability.objects.filter(
            section=section,
            is_active=True,
            weekday=day.weekday(),
            start_time__lte=local.time(),
            end_time__gte=end,
            room__is_active=True,
        )
        .select_related("room")
        .first()
    )


def _free_officer(section: Section, starts_at: datetime, *, keep: User | None = None):
    """An officer of the section with nothing booked in the slot (the one already on the
    consultation first)."""
    officers = list(scope.section_officer_users(section.pk).order_by("pk"))
    if keep is not None:
        officers.sort(key=lambda user: user.pk != keep.pk)
    busy = set(
        SlotClaim.objects.filter(
            officer__in=officers, starts_at__in=slot_starts(starts_at, starts_at + SLOT)
        ).values_list("officer_id", flat=True)
    )
    return next((user for user in officers if user.pk not in busy), None)


def _check_slot(section: Section, starts_at: datetime) -> Availability:
    if starts_at <= clock.now():
        raise DomainError(_("Choose a time in the future."), field="starts_at")
    availability = availability_at(section, starts_at)
    if availability is None:
        raise DomainError(
            _("The section does not receive consultations at this time."), field="starts_at"
        )
    return availability


def _consultation_audit(consultation, actor, verb, old=None, **new) -> AuditLog:
    if old is not None and old != consultation.status:
        new["status"] = consultation.status
    return audit_record(
        actor=actor,
        office=consultation.office,
        action=f"meetings.consultation.{verb}",
        target=consultation,
        old={"status": old} if old is not None and old != consultation.status else {},
        new=new,
    )


@transaction.atomic
def consultation_book(
    *, acting: Membership, section: Section, starts_at: datetime, topic: str, case_ref: str = ""
) -> Consultation:
    """A village official books a slot with a section: the room and a free officer of the
    section are claimed at once; the section confirms or proposes another time."""
    if not policy.can_book_consultation(acting):
        raise NotAllowed(_("Consultations are booked by village officials."))
    if section.office_id != acting.office_id or not section.is_active:
        raise DomainError(_("Choose a section of your sub-district."), field="section")
    if not topic.strip():
        raise DomainError(_("Say what you want to consult about."), field="topic")
    check_length(topic, "topic")
    case_ref = str(case_ref or "")
    if case_ref and case_ref not in dict(_linkable_cases(acting)):
        raise DomainError(_("Choose one of your village's open cases."), field="case_ref")
    availability = _check_slot(section, starts_at)
    officer = _free_officer(section, starts_at)
    if officer is None:
        raise InvalidState(
            _("No officer of the section is free at this time. Choose another time."),
            field="starts_at",
        )
    consultation = Consultation.objects.create(
        office_id=section.office_id,
        village=acting.village,
        section=section,
        room=availability.room,
        officer=officer,
        requested_by=acting.user,
        starts_at=starts_at,
        ends_at=starts_at + SLOT,
        topic=topic.strip(),
        case_ref=case_ref,
    )
    _claim(starts_at=consultation.starts_at, ends_at=consultation.ends_at,
           room=consultation.room, officer=officer, consultation=consultation)  # fmt: skip
    entry = _consultation_audit(
        consultation, acting.user, "booked", status=consultation.status,
        section=section.pk, starts_at=starts_at, case_ref=case_ref,
    )  # fmt: skip
    _tell(
        office=consultation.office,
        recipients=[officer, *scope.section_officers(section.pk)],
        entry=entry,
        key=f"consultation:{consultation.pk}",
        title=_msg(
            gettext_lazy("Consultation requested by %(village)s on %(when)s"),
            village=str(consultation.village),
            when=_when(starts_at),
        ),  # fmt: skip
        body=consultation.topic,
        url=consultation_url(consultation),
        actor=acting.user,
    )
    return consultation


def _linkable_cases(acting) -> list[tuple[str, str]]:
    """The village's open cases, named by the cases' registered source (no import of cases)."""
    return linkable_sources("case", acting)


@transaction.atomic
def consultation_confirm(*, acting: Membership, consultation: Consultation) -> Consultation:
    _lock(Consultation, consultation)
    policy.consultation_require(acting, "confirm", consultation)
    old = consultation.status
    consultation.status = ConsultationStatus.CONFIRMED
    consultation.save(update_fields=["status"])
    entry = _consultation_audit(consultation, acting.user, "confirmed", old)
    _tell(
        office=consultation.office,
        recipients=scope.village_officials(consultation.village_id),
        entry=entry,
        key=f"consultation:{consultation.pk}",
        title=_msg(
            gettext_lazy("Consultation confirmed for %(when)s"), when=_when(consultation.starts_at)
        ),  # fmt: skip
        body=f"{consultation.section} · {consultation.room}",
        url=consultation_url(consultation),
        actor=acting.user,
    )
    return consultation


@transaction.atomic
def consultation_propose(
    *, acting: Membership, consultation: Consultation, starts_at: datetime
) -> Consultation:
    """The section proposes another time: the new slots are claimed, the old ones freed."""
    _lock(Consultation, consultation)
    policy.consultation_require(acting, "propose", consultation)
    availability = _check_slot(consultation.section, starts_at)
    _release(consultation=consultation)
    keep = consultation.officer
    officer = _free_officer(consultation.section, starts_at, keep=keep)
    if officer is None:
        raise InvalidState(
            _("No officer of the section is free at this time. Choose another time."),
            field="starts_at",
        )
    old, previous = consultation.status, consultation.starts_at
    consultation.status = ConsultationStatus.PROPOSED
    consultation.starts_at, consultation.ends_at = starts_at, starts_at + SLOT
    consultation.room, consultation.officer = availability.room, officer
    consultation.reminded_day_at = consultation.reminded_hour_at = None
    consultation.save()
    _claim(starts_at=consultation.starts_at, ends_at=consultation.ends_at,
           room=consultation.room, officer=officer, consultation=consultation)  # fmt: skip
    entry = _consultation_audit(
        consultation, acting.user, "proposed", old, starts_at=starts_at, previous=previous
    )
    _tell(
        office=consultation.office,
        recipients=scope.village_officials(consultation.village_id),
        entry=entry,
        key=f"consultation:{consultation.pk}",
        title=_msg(
            gettext_lazy("Another time proposed for your consultation: %(when)s"),
            when=_when(starts_at),
        ),  # fmt: skip
        url=consultation_url(consultation),
        actor=acting.user,
    )
    return consultation


@transaction.atomic
def consultation_accept(*, acting: Membership, consultation: Consultation) -> Consultation:
    _lock(Consultation, consultation)
    policy.consultation_require(acting, "accept", consultation)
    old = consultation.status
    consultation.status = ConsultationStatus.CONFIRMED
    consultation.save(update_fields=["status"])
    entry = _consultation_audit(consultation, acting.user, "accepted", old)
    _tell(
        office=consultation.office,
        recipients=[consultation.officer],
        entry=entry,
        key=f"consultation:{consultation.pk}",
        title=_msg(gettext_lazy("%(village)s accepted the time %(when)s"),
                   village=str(consultation.village), when=_when(consultation.starts_at)),
        url=consultation_url(consultation),
        actor=acting.user,
    )  # fmt: skip
    return consultation


@transaction.atomic
def consultation_cancel(
    *, acting: Membership, consultation: Consultation, reason: str
) -> Consultation:
    """Either side cancels with a reason; the room and the officer are free again."""
    _lock(Consultation, consultation)
    policy.consultation_require(acting, "cancel", consultation)
    if not reason.strip():
        raise DomainError(_("Say why the consultation is cancelled."), field="reason")
    check_length(reason, "reason")
    old = consultation.status
    consultation.status = ConsultationStatus.CANCELLED
    consultation.reason = reason.strip()
    consultation.save(update_fields=["status", "reason"])
    _release(consultation=consultation)
    entry = _consultation_audit(consultation, acting.user, "cancelled", old, reason=reason)
    _tell(
        office=consultation.office,
        recipients=[consultation.officer, *scope.village_officials(consultation.village_id)],
        entry=entry,
        key=f"consultation:{consultation.pk}",
        title=_msg(
            gettext_lazy("Consultation of %(when)s cancelled"), when=_when(consultation.starts_at)
        ),  # fmt: skip
        body=consultation.reason,
        url=consultation_url(consultation),
        actor=acting.user,
    )
    return consultation


def consultations_remind(*, now: datetime | None = None) -> dict[str, int]:
    """Remind the village and the officer of each confirmed consultation the day before and
    an hour before, each once (a booking made later than that is not reminded of it)."""
    now = now or clock.now()
    sent = {"day": 0, "hour": 0}
    upcoming = Consultation.objects.filter(
        status=ConsultationStatus.CONFIRMED, starts_at__gt=now
    ).select_related("office", "village", "section", "room", "officer")
    waves = [
        ("day", "reminded_day_at", REMIND_DAY_BEFORE, REMIND_HOUR_BEFORE,
         gettext_lazy("Consultation tomorrow, %(when)s")),
        ("hour", "reminded_hour_at", REMIND_HOUR_BEFORE, timedelta(0),
         gettext_lazy("Consultation in an hour, %(when)s")),
    ]  # fmt: skip
    for wave, field, before, not_after, title in waves:
        due = upcoming.filter(
            **{f"{field}__isnull": True},
            starts_at__lte=now + before,
            starts_at__gt=now + not_after,
        )
        for consultation in due.iterator():
            with transaction.atomic():
                claimed = Consultation.objects.filter(
                    pk=consultation.pk, **{f"{field}__isnull": True}
                ).update(**{field: now})
                if not claimed:
                    continue
                notify(
                    recipients=[
                        consultation.officer,
                        *scope.village_officials(consultation.village_id),
                    ],
                    office=consultation.office,
                    title=_translated(title, when=_when(consultation.starts_at)),
                    body=f"{consultation.section} · {consultation.room}\n{consultation.topic}",
                    url=consultation_url(consultation),
                    dedupe=f"consultation:{consultation.pk}:remind-{wave}:"
                    f"{consultation.starts_at:%Y%m%d%H%M}",
                )
            sent[wave] += 1
    return sent


def _translated(text, **params) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % {k: str(v) for k, v in params.items()}


# --- meetings ----------------------------------------------------------------------------------


@dataclass
class AgendaInput:
    title: str
    presenter: str = ""
    duration: int | None = None


def next_letter_number(office: Office, year: int) -> str:
    """005 is the classification code of invitations in Indonesian official letters."""
    counter, _created = LetterCounter.objects.get_or_create(office=office, year=year)
    counter = LetterCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"005/{counter.last:03d}/{office.case_prefix}/{year}"


def _meeting_audit(meeting, actor, verb, old=None, **new) -> AuditLog:
    if old is not None and old != meeting.status:
        new["status"] = meeting.status
    return audit_record(
        actor=actor,
        office=meeting.office,
        action=f"meetings.meeting.{verb}",
        target=meeting,
        old={"status": old} if old is not None and old != meeting.status else {},
        new=new,
    )


@transaction.atomic
def meeting_schedule(
    *,
    acting: Membership,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    section: Section,
    room: Room | None = None,
    place: str = "",
    description: str = "",
    is_public: bool = False,
    villages: list[Village] | tuple = (),
    people: list[User] | tuple = (),
    agenda: list[AgendaInput] | tuple = (),
) -> Meeting:
    """Schedule a meeting and invite the officials of the chosen villages and the named
    people: each gets the invitation in the app and by e-mail with an .ics file."""
    if not policy.can_schedule_meeting(acting):
        raise NotAllowed(_("Meetings are scheduled by the office's staff."))
    office = acting.office
    if not title.strip():
        raise DomainError(_("Give the meeting a title."), field="title")
    check_length(description, "description")
    if ends_at <= starts_at:
        raise DomainError(_("The end comes after the start."), field="ends_at")
    if starts_at <= clock.now():
        raise DomainError(_("Choose a time in the future."), field="starts_at")
    if section.office_id != office.pk:
        raise DomainError(_("Choose a section of this office."), field="section")
    if room is not None and room.office_id != office.pk:
        raise DomainError(_("Choose a room of this office."), field="room")
    if room is None and not place.strip():
        raise DomainError(_("Choose a room or write the place."), field="place")
    if any(v.office_id != office.pk for v in villages):
        raise DomainError(_("Choose villages of this office."), field="villages")
    meeting = Meeting.objects.create(
        office=office,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        place=place.strip(),
        section=section,
        is_public=is_public,
        letter_number=next_letter_number(office, timezone.localtime(starts_at).year),
        checkin_token=secrets.token_urlsafe(18),
        created_by=acting.user,
    )
    if room is not None:
        _claim(starts_at=starts_at, ends_at=ends_at, room=room, meeting=meeting)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, order=n, title=item.title.strip()[:200],
                       presenter=item.presenter.strip()[:120], duration=item.duration)
            for n, item in enumerate(agenda, 1)
            if item.title.strip()
        ]
    )  # fmt: skip
    InvitedVillage.objects.bulk_create(
        [InvitedVillage(meeting=meeting, village=v) for v in villages]
    )
    invited = {}
    for village in villages:
        for membership in village.memberships.active().select_related("user"):
            invited.setdefault(membership.user_id, (membership.user, village, membership.position))
    for person in people:
        invited.setdefault(person.pk, (person, None, ""))
    Invitation.objects.bulk_create(
        [
            Invitation(meeting=meeting, user=user, village=village, position=position)
            for user, village, position in invited.values()
        ]
    )
    entry = _meeting_audit(
        meeting, acting.user, "scheduled", status=meeting.status, title=meeting.title,
        starts_at=starts_at, villages=[v.pk for v in villages], invited=len(invited),
    )  # fmt: skip
    _tell(
        office=office,
        recipients=[user for user, _v, _p in invited.values()],
        entry=entry,
        key=f"meeting:{meeting.pk}",
        title=_msg(
            gettext_lazy("Invitation: %(title)s, %(when)s"),
            title=meeting.title,
            when=_when(starts_at),
        ),  # fmt: skip
        body=_msg(
            gettext_lazy("Place: %(place)s. Please answer whether you will attend."),
            place=meeting.where,
        ),  # fmt: skip
        url=meeting_url(meeting),
        attachment=Attachment(
            name="undangan.ics",
            content_type="text/calendar",
            content=ical.invitation_ics(meeting, url=meeting_url(meeting)),
        ),
    )
    return meeting


@transaction.atomic
def invitation_respond(*, acting: Membership, meeting: Meeting, accept: bool) -> Invitation:
    _lock(Meeting, meeting)
    policy.meeting_require(acting, "respond", meeting)
    invitation = Invitation.objects.select_for_update().get(meeting=meeting, user=acting.user)
    invitation.response = Response.ACCEPTED if accept else Response.DECLINED
    invitation.responded_at = clock.now()
    invitation.save(update_fields=["response", "responded_at"])
    _meeting_audit(meeting, acting.user, "answered", response=invitation.response)
    return invitation


@transaction.atomic
def meeting_check_in(*, acting: Membership, meeting: Meeting, token: str) -> Invitation:
    """An invited person who scans the meeting's QR code during the meeting, once."""
    _lock(Meeting, meeting)
    policy.meeting_require(acting, "check_in", meeting)
    if not secrets.compare_digest(str(token), meeting.checkin_token):
        raise DomainError(_("This code is not the code of this meeting."), field="token")
    invitation = Invitation.objects.select_for_update().get(meeting=meeting, user=acting.user)
    if invitation.checked_in_at is not None:
        raise InvalidState(_("You are already checked in."))
    invitation.checked_in_at = clock.now()
    invitation.check_in_method = CheckInMethod.QR
    invitation.checked_in_by = acting.user
    if invitation.response == Response.PENDING:
        invitation.response = Response.ACCEPTED
    invitation.save()
    _meeting_audit(meeting, acting.user, "checked_in", invitation=invitation.pk)
    return invitation


@transaction.atomic
def attendance_record(
    *, acting: Membership, meeting: Meeting, present: list[int]
) -> list[Invitation]:
    """The secretariat ticks in the invited people who came without scanning."""
    _lock(Meeting, meeting)
    policy.meeting_require(acting, "record_attendance", meeting)
    now = clock.now()
    ticked = list(
        # Locks its own rows only (the default ordering joins the village: an outer join
        # PostgreSQL cannot lock).
        Invitation.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, pk__in=present, checked_in_at__isnull=True)
        .order_by("pk")
    )
    for invitation in ticked:
        invitation.checked_in_at = now
        invitation.check_in_method = CheckInMethod.SECRETARY
        invitation.checked_in_by = acting.user
        invitation.save(update_fields=["checked_in_at", "check_in_method", "checked_in_by"])
    if ticked:
        _meeting_audit(
            meeting, acting.user, "attendance_recorded", invitations=[i.pk for i in ticked]
        )
    return ticked


@transaction.atomic
def meeting_hold(*, acting: Membership, meeting: Meeting) -> Meeting:
    _lock(Meeting, meeting)
    policy.meeting_require(acting, "hold", meeting)
    old = meeting.status
    meeting.status = MeetingStatus.HELD
    meeting.held_at = clock.now()
    meeting.save(update_fields=["status", "held_at"])
    _meeting_audit(meeting, acting.user, "held", old)
    return meeting


def meeting_source(meeting: Meeting) -> Source:
    return Source(type=SOURCE_TYPE, id=meeting.pk, office=meeting.office)


@transaction.atomic
def meeting_record_minutes(
    *,
    acting: Membership,
    meeting: Meeting,
    minutes: str,
    decisions: list[FollowUpInput] | tuple = (),
    photos: list | None = None,
) -> Meeting:
    """The minutes (Markdown, shown sanitised), the decisions as action items tracked on the
    office's one follow-up board, and photos of the activity."""
    _lock(Meeting, meeting)
    policy.meeting_require(acting, "record_minutes", meeting)
    if not minutes.strip():
        raise DomainError(_("Write the minutes."), field="minutes")
    check_length(minutes, "minutes")
    old, now = meeting.status, clock.now()
    items = [
        follow_ups.follow_up_record(
            acting=acting, source=meeting_source(meeting), item=item, field="decisions"
        )
        for item in decisions
    ]
    store_documents(MeetingPhoto, photos, uploaded_by=acting.user, meeting=meeting)
    meeting.status = MeetingStatus.MINUTED
    meeting.minutes = minutes.strip()
    meeting.minutes_at, meeting.minutes_by = now, acting.user
    meeting.held_at = meeting.held_at or now
    meeting.save()
    entry = _meeting_audit(meeting, acting.user, "minuted", old, decisions=len(items))
    owners = [p for item in items for p in follow_ups.owner_people(item)]
    _tell(
        office=meeting.office,
        recipients=[*(i.user for i in meeting.invitations.select_related("user")), *owners],
        entry=entry,
        key=f"meeting:{meeting.pk}",
        title=_msg(gettext_lazy("Minutes of %(title)s"), title=meeting.title),
        body=_msg(gettext_lazy("%(count)s decisions to follow up."), count=len(items)),
        url=meeting_url(meeting),
        actor=acting.user,
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, acting: Membership, meeting: Meeting, reason: str) -> Meeting:
    _lock(Meeting, meeting)
    policy.meeting_require(acting, "cancel", meeting)
    if not reason.strip():
        raise DomainError(_("Say why the meeting is cancelled."), field="reason")
    check_length(reason, "reason")
    old = meeting.status
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.save(update_fields=["status", "cancel_reason"])
    _release(meeting=meeting)
    entry = _meeting_audit(meeting, acting.user, "cancelled", old, reason=meeting.cancel_reason)
    _tell(
        office=meeting.office,
        recipients=[i.user for i in meeting.invitations.select_related("user")],
        entry=entry,
        key=f"meeting:{meeting.pk}",
        title=_msg(
            gettext_lazy("Cancelled: %(title)s, %(when)s"),
            title=meeting.title,
            when=_when(meeting.starts_at),
        ),  # fmt: skip
        body=meeting.cancel_reason,
        url=meeting_url(meeting),
        actor=acting.user,
    )
    return meeting


MEETING_SERVICES = {
    "respond": invitation_respond,
    "check_in": meeting_check_in,
    "record_attendance": attendance_record,
    "hold": meeting_hold,
    "record_minutes": meeting_record_minutes,
    "cancel": meeting_cancel,
}


# --- the personal calendar feed ----------------------------------------------------------------


@transaction.atomic
def calendar_feed_ensure(*, acting: Membership, reset: bool = False) -> CalendarFeed:
    """A person's secret feed address; `reset` replaces it (the old address stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=acting.user, defaults={"token": secrets.token_urlsafe(32)}
    )
    if reset and not created:
        feed.token = secrets.token_urlsafe(32)
        feed.created_at = clock.now()
        feed.save(update_fields=["token", "created_at"])
        audit_record(
            actor=acting.user, office=acting.office, action="meetings.feed.reset", target=feed
        )
    return feed
