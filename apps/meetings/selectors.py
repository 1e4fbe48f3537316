"""Reads of the agenda, shared by its pages, the public page, the API and the PDFs. Scoping
comes from the agenda policy; lists run a constant number of queries."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import django_filters
import markdown
import nh3
from django import forms
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.core import clock
from apps.follow_ups.selectors import follow_ups_of, with_flags
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Office, Section, VillageKind

from . import policy
from .models import (
    SLOT_MINUTES,
    Availability,
    AvailabilityException,
    CheckInMethod,
    Consultation,
    Invitation,
    InvitedVillage,
    Meeting,
    Response,
    SlotClaim,
)
from .services import SOURCE_TYPE
from .workflow import ACTIVE_CONSULTATION_STATES, MeetingStatus

MEETING_RELATED = ("office", "room", "section")
CONSULTATION_RELATED = ("office", "village", "section", "room", "officer")


# --- minutes --------------------------------------------------------------------------------------

MINUTES_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "table",
                "thead", "tbody", "tr", "th", "td", "code", "pre", "hr", "a"}  # fmt: skip


def minutes_html(text: str) -> str:
    """Minutes are written in Markdown; what is shown is sanitised (nh3): no script, no
    style, no image from elsewhere, links only to http(s) and mail."""
    rendered = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        rendered, tags=MINUTES_TAGS, url_schemes={"http", "https", "mailto"}, link_rel="noopener"
    )


# --- meetings -----------------------------------------------------------------------------------


MEETING_STATES = {
    "held": (MeetingStatus.HELD, MeetingStatus.MINUTED),
    "planned": (MeetingStatus.SCHEDULED,),
    "cancelled": (MeetingStatus.CANCELLED,),
}


class MeetingFilter(django_filters.FilterSet):
    """The filters the monitoring dashboard's figures link with: the days a meeting starts,
    held / planned / cancelled, and a village invited."""

    starts_from = django_filters.DateFilter(
        label=_("from"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_to = django_filters.DateFilter(
        label=_("until"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    state = django_filters.ChoiceFilter(
        label=_("status"),
        method="filter_state",
        choices=[("held", _("held")), ("planned", _("planned")), ("cancelled", _("cancelled"))],
    )
    village = django_filters.ModelChoiceFilter(
        label=_("village invited"), field_name="villages__village", queryset=None
    )

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["village"].queryset = scope.villages_for(membership)

    def filter_state(self, queryset, name, value):
        return queryset.filter(status__in=MEETING_STATES[value]) if value else queryset


def meeting_search_for(*, membership, data) -> tuple[MeetingFilter, QuerySet[Meeting]] | None:
    """The meetings the filters name (None when no filter is given), in time order, with
    their counts."""
    filterset = MeetingFilter(data or None, queryset=policy.meetings_for(membership),
                              membership=membership)  # fmt: skip
    if (
        not filterset.is_bound
        or not filterset.is_valid()
        or not any(filterset.form.cleaned_data.values())
    ):
        return filterset, None
    qs = filterset.qs.select_related(*MEETING_RELATED).annotate(
        invited=Count("invitations", distinct=True),
        present=Count("invitations", filter=Q(invitations__checked_in_at__isnull=False),
                      distinct=True),
    )  # fmt: skip
    return filterset, qs.order_by("starts_at", "id")


def meeting_list_for(*, membership, upcoming: bool) -> QuerySet[Meeting]:
    now = clock.now()
    qs = policy.meetings_for(membership).select_related(*MEETING_RELATED)
    qs = qs.annotate(
        invited=Count("invitations", distinct=True),
        present=Count("invitations", filter=Q(invitations__checked_in_at__isnull=False),
                      distinct=True),
    )  # fmt: skip
    if upcoming:
        return qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")


def invitations_waiting_for(*, membership) -> list[Invitation]:
    """This person's invitations to meetings still ahead that they have not answered."""
    if membership is None:
        return []
    return list(
        Invitation.objects.filter(
            user_id=membership.user_id,
            response=Response.PENDING,
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__ends_at__gte=clock.now(),
        )
        .select_related("meeting__room", "meeting__office")
        .order_by("meeting__starts_at")[:10]
    )


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda: list
    invitations: list
    villages: list
    decisions: list
    photos: list
    mine: Invitation | None
    minutes_html: str
    present: int = 0
    accepted: int = 0
    declined: int = 0


def meeting_page_for(*, membership, meeting: Meeting) -> MeetingPage:
    invitations = list(
        meeting.invitations.select_related("user", "village", "checked_in_by").order_by(
            "village__name", "user__full_name"
        )
    )
    mine = next((i for i in invitations if i.user_id == membership.user_id), None)
    meeting.__dict__.setdefault("_invitation_of", {})[membership.user_id] = mine
    if scope.is_village_official(membership):
        # A village reads its own people's answers, not every village's.
        invitations = [i for i in invitations if i.village_id == membership.village_id]
    decisions = with_flags(
        follow_ups_of(source_type=SOURCE_TYPE, source_id=meeting.pk), membership, source=meeting
    )
    return MeetingPage(
        meeting=meeting,
        agenda=list(meeting.agenda.all()),
        invitations=invitations,
        villages=[iv.village for iv in meeting.villages.select_related("village")],
        decisions=decisions,
        photos=list(meeting.photos.all()),
        mine=mine,
        minutes_html=minutes_html(meeting.minutes),
        present=sum(1 for i in invitations if i.checked_in_at),
        accepted=sum(1 for i in invitations if i.response == Response.ACCEPTED),
        declined=sum(1 for i in invitations if i.response == Response.DECLINED),
    )


def attendance_sheet(*, meeting: Meeting) -> dict:
    """Who came (with name, village, position) and who was invited but did not."""
    invitations = list(
        meeting.invitations.select_related("user", "village").order_by(
            "village__name", "user__full_name"
        )
    )
    return {
        "present": [i for i in invitations if i.checked_in_at],
        "absent": [i for i in invitations if not i.checked_in_at],
    }


def attendance_export_rows(*, membership, meeting: Meeting):
    """The attendance of one meeting as spreadsheet rows (name, village, position, answer,
    present, checked in at, how), in the order of the sheet. A village reads its own people's
    rows only, as on the meeting's page."""
    invitations = meeting.invitations.select_related("user", "village").order_by(
        "village__name", "user__full_name", "pk"
    )
    if scope.is_village_official(membership):
        invitations = invitations.filter(village_id=membership.village_id)
    responses = dict(Response.choices)
    methods = dict(CheckInMethod.choices)
    for i in invitations:
        yield [
            i.user.get_full_name(),
            str(i.village) if i.village_id else "",
            i.position,
            str(responses.get(i.response, i.response)),
            i.checked_in_at is not None,
            i.checked_in_at,
            str(methods.get(i.check_in_method, "")) if i.check_in_method else "",
        ]


def public_meetings(*, office: Office | None, limit: int = 5) -> list[Meeting]:
    """The office's public meetings still ahead, for the public page."""
    if office is None:
        return []
    return list(
        Meeting.objects.filter(
            office=office,
            is_public=True,
            status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD],
            ends_at__gte=clock.now(),
        )
        .select_related("room")
        .order_by("starts_at")[:limit]
    )


# --- consultations ----------------------------------------------------------------------------


def consultation_list_for(*, membership, upcoming: bool = True) -> QuerySet[Consultation]:
    qs = policy.consultations_for(membership).select_related(*CONSULTATION_RELATED)
    now = clock.now()
    if upcoming:
        return qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")


@dataclass
class Day:
    day: date
    slots: list[datetime] = field(default_factory=list)


def free_slots_for(*, section: Section, start: date, days: int = 14) -> list[Day]:
    """The free consultation slots of a section from `start` for `days` days: its weekly
    hours on the office's working days, minus its days off, minus the past, minus slots
    where the room is taken or every officer of the section is. Six queries at most."""
    office = section.office
    end = start + timedelta(days=days)
    availabilities = list(
        Availability.objects.filter(section=section, is_active=True, room__is_active=True)
    )
    if not availabilities:
        return []
    closed = set(
        AvailabilityException.objects.filter(office=office, date__gte=start, date__lt=end)
        .filter(Q(section__isnull=True) | Q(section=section))
        .values_list("date", flat=True)
    )
    tz = timezone.get_current_timezone()
    window = (
        datetime.combine(start, datetime.min.time(), tz),
        datetime.combine(end, datetime.min.time(), tz),
    )
    officers = list(scope.section_officer_users(section.pk).values_list("pk", flat=True))
    claims = SlotClaim.objects.filter(starts_at__gte=window[0], starts_at__lt=window[1]).filter(
        Q(room_id__in={a.room_id for a in availabilities}) | Q(officer_id__in=officers)
    )
    rooms_taken, officers_taken = set(), {}
    for room_id, officer_id, moment in claims.values_list("room_id", "officer_id", "starts_at"):
        if room_id:
            rooms_taken.add((room_id, moment))
        else:
            officers_taken.setdefault(moment, set()).add(officer_id)
    work = WorkCalendar(office)
    now = clock.now()
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in closed or not work.is_working_day(day):
            continue
        slots = []
        for availability in availabilities:
            if availability.weekday != day.weekday():
                continue
            moment = datetime.combine(day, availability.start_time, tz)
            last = datetime.combine(day, availability.end_time, tz)
            while moment + timedelta(minutes=SLOT_MINUTES) <= last:
                free_officer = len(officers_taken.get(moment, set())) < len(officers)
                if (
                    moment > now
                    and (availability.room_id, moment) not in rooms_taken
                    and free_officer
                ):
                    slots.append(moment)
                moment += timedelta(minutes=SLOT_MINUTES)
        if slots:
            result.append(Day(day, sorted(set(slots))))
    return result


# --- the calendar -------------------------------------------------------------------------------


@dataclass
class Event:
    starts_at: datetime
    ends_at: datetime
    title: str
    url: str
    kind: str  # "meeting" or "consultation"
    cancelled: bool = False
    where: str = ""


def events_for(*, membership, start: date, end: date) -> list[Event]:
    """The meetings and the booked consultations this person may see between two days."""
    from django.urls import reverse

    tz = timezone.get_current_timezone()
    low = datetime.combine(start, datetime.min.time(), tz)
    high = datetime.combine(end, datetime.min.time(), tz)
    events = [
        Event(m.starts_at, m.ends_at, m.title, reverse("meetings:meeting", args=[m.pk]),
              "meeting", m.status == MeetingStatus.CANCELLED, m.where)
        for m in policy.meetings_for(membership)
        .filter(starts_at__lt=high, ends_at__gt=low)
        .select_related("room")
    ]  # fmt: skip
    events += [
        Event(c.starts_at, c.ends_at, f"{c.village} · {c.section.short_name}",
              reverse("meetings:consultation", args=[c.pk]), "consultation", False, str(c.room))
        for c in policy.consultations_for(membership)
        .filter(starts_at__lt=high, ends_at__gt=low, status__in=ACTIVE_CONSULTATION_STATES)
        .select_related("village", "section", "room")
    ]  # fmt: skip
    return sorted(events, key=lambda e: (e.starts_at, e.title))


def month_weeks(year: int, month: int, events: list[Event]) -> list[list[dict]]:
    """The month as weeks (Monday first) of days, each with its events."""
    by_day: dict[date, list[Event]] = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
    weeks = []
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [{"day": d, "in_month": d.month == month, "events": by_day.get(d, [])} for d in week]
        )
    return weeks


def feed_items_for(*, user) -> tuple[list[Meeting], list[Consultation]]:
    """A person's calendar feed: meetings they are invited to or (staff) their office's, and
    their village's or their own consultations, from 30 days back."""
    since = clock.now() - timedelta(days=30)
    memberships = list(user.memberships.active().select_related("office"))
    meetings_q, consultations_q = Q(invitations__user=user), Q(officer=user)
    for m in memberships:
        if scope.works_in_office(m, m.office_id):
            meetings_q |= Q(office_id=m.office_id)
        if scope.is_village_official(m):
            consultations_q |= Q(village_id=m.village_id)
    meetings = (
        Meeting.objects.filter(meetings_q, ends_at__gte=since)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("office", "room")
        .prefetch_related(Prefetch("agenda"))
        .distinct()
        .order_by("starts_at")
    )
    consultations = (
        Consultation.objects.filter(consultations_q, ends_at__gte=since)
        .filter(status__in=ACTIVE_CONSULTATION_STATES)
        .select_related("village", "section", "room")
        .order_by("starts_at")
    )
    return list(meetings), list(consultations)


# --- monitoring -----------------------------------------------------------------------------------

HELD_STATES = (MeetingStatus.HELD, MeetingStatus.MINUTED)


def _day_range(start: date, end: date) -> tuple[datetime, datetime]:
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return first, after


def _attendance_rate(attended, invited):
    if not invited:
        return None
    return (Decimal(attended) * 100 / Decimal(invited)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def meeting_stats(*, offices, start: date, end: date, now=None, by_office: bool = False) -> dict:
    """The monitoring figures of the meetings that start from `start` to `end` (both days
    included): held (or minuted), still planned, cancelled; for the held ones the villages
    invited, the villages that attended (at least one of their people checked in) and the
    attendance rate. Counted in the database: two queries, for all the offices together, or
    grouped per office (`by_office`: `{office_id: figures}`). `now` is accepted for a
    uniform signature (the figures depend only on the recorded states)."""
    first, after = _day_range(start, end)
    meetings = Meeting.objects.filter(office__in=offices, starts_at__gte=first, starts_at__lt=after)
    counts = {
        "held": Count("pk", filter=Q(status__in=HELD_STATES)),
        "planned": Count("pk", filter=Q(status=MeetingStatus.SCHEDULED)),
        "cancelled": Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
    }
    came = Exists(
        Invitation.objects.filter(
            meeting_id=OuterRef("meeting_id"),
            village_id=OuterRef("village_id"),
            checked_in_at__isnull=False,
        )
    )
    invited = InvitedVillage.objects.filter(
        meeting__in=meetings.filter(status__in=HELD_STATES).values("pk")
    )
    attendance = {"villages_invited": Count("pk"), "villages_attended": Count("pk", filter=came)}
    empty = dict.fromkeys((*counts, *attendance), 0)
    if not by_office:
        row = empty | meetings.aggregate(**counts) | invited.aggregate(**attendance)
        row["attendance_rate"] = _attendance_rate(row["villages_attended"], row["villages_invited"])
        return row
    rows: dict = {}
    for found in meetings.order_by().values("office_id").annotate(**counts):
        rows.setdefault(found.pop("office_id"), dict(empty)).update(found)
    for found in invited.order_by().values("meeting__office_id").annotate(**attendance):
        rows.setdefault(found.pop("meeting__office_id"), dict(empty)).update(found)
    for row in rows.values():
        row["attendance_rate"] = _attendance_rate(row["villages_attended"], row["villages_invited"])
    return rows


def meeting_attendance_by_village(*, offices, start: date, end: date) -> list[dict]:
    """Per village invited to the meetings held from `start` to `end`: meetings it was invited
    to, meetings it attended (at least one of its people checked in) and its attendance rate,
    lowest rate first. One grouped query, whatever the number of meetings."""
    first, after = _day_range(start, end)
    came = Exists(
        Invitation.objects.filter(
            meeting_id=OuterRef("meeting_id"),
            village_id=OuterRef("village_id"),
            checked_in_at__isnull=False,
        )
    )
    rows = list(
        InvitedVillage.objects.filter(
            meeting__office__in=offices,
            meeting__status__in=HELD_STATES,
            meeting__starts_at__gte=first,
            meeting__starts_at__lt=after,
        )
        .order_by()
        .values("village_id", "village__name", "village__kind")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=came))
    )
    for row in rows:
        kind = "Kelurahan" if row.pop("village__kind") == VillageKind.KELURAHAN else "Desa"
        row["village"] = f"{kind} {row.pop('village__name')}"
        row["attendance_rate"] = _attendance_rate(row["attended"], row["invited"])
    return sorted(rows, key=lambda r: (r["attendance_rate"], r["village"]))
