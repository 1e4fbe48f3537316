from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.offices.models import Office, OfficeScoped, Section, Village

from .workflow import CONSULTATION_STATES, MEETING_STATES, ConsultationStatus, MeetingStatus

# Time in the RUKO room and with an officer is counted in slots of this many minutes: a
# booking claims each slot it covers, and a unique constraint per room (and per officer) and
# slot makes a double booking impossible, whoever clicks first.
SLOT_MINUTES = 30

TEXT_LIMITS = {"topic": 1000, "reason": 1000, "minutes": 20000, "description": 5000}


class Room(OfficeScoped):
    """A room of the office where consultations and meetings take place."""

    name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["office", "name"]
        default_related_name = "rooms"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="room_unique_name",
                violation_error_message=_("This office already has a room with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Availability(OfficeScoped):
    """When a section receives villages for consultations, every week: e.g. Tuesday
    09:00–12:00 in the RUKO room, in slots of SLOT_MINUTES."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("consultation hours")
        verbose_name_plural = _("consultation hours")
        ordering = ["office", "section", "weekday", "start_time"]
        default_related_name = "availabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="availability_ends_after_start",
                violation_error_message=_("The end comes after the start."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.section} · {self.get_weekday_display()} "
            f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        )


class AvailabilityException(OfficeScoped):
    """A day a section (or, without a section, the whole office) receives no consultation,
    on top of the office calendar's holidays."""

    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: no consultation with any section that day."),
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("day without consultations")
        verbose_name_plural = _("days without consultations")
        ordering = ["office", "date"]
        default_related_name = "availability_exceptions"

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.section or ''} {self.note}".strip()


class MeetingKind(models.TextChoices):
    COORDINATION = "rakor", _("Coordination meeting (rapat koordinasi)")
    SOCIALISATION = "sosialisasi", _("Socialisation")
    MONITORING_VISIT = "monev", _("Monitoring visit (kunjungan monev)")
    CONSULTATION = "konsultasi", _("Consultation")


class Meeting(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("type"), max_length=12, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Where, when not in a room.")
    )
    section = models.ForeignKey(
        Section, verbose_name=_("organising section"), on_delete=models.PROTECT, related_name="+"
    )
    is_public = models.BooleanField(_("public"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    letter_number = models.CharField(_("letter number"), max_length=80)
    checkin_token = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    held_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_at = models.DateTimeField(null=True, blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["office", "starts_at"]),
            models.Index(fields=["office", "is_public", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The end comes after the start."),
            ),
            models.CheckConstraint(
                condition=Q(room__isnull=False) | ~Q(place=""),
                name="meeting_has_a_place",
                violation_error_message=_("Choose a room or write the place."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state(self):
        return MEETING_STATES[self.status]

    @property
    def where(self) -> str:
        return str(self.room) if self.room_id else self.place


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=120, blank=True)
    duration = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Response(models.TextChoices):
    PENDING = "menunggu", _("No answer yet")
    ACCEPTED = "hadir", _("Will attend")
    DECLINED = "tidak_hadir", _("Cannot attend")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    SECRETARY = "sekretariat", _("Ticked by the secretariat")
    API = "api", _("App")


class Invitation(models.Model):
    """One invited person: a village official of an invited village, or someone named."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations"
    )
    village = models.ForeignKey(
        Village, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    response = models.CharField(
        _("answer"), max_length=12, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    check_in_method = models.CharField(max_length=12, choices=CheckInMethod.choices, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "village__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="invitation_once_per_person"),
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.user_id}"


class InvitedVillage(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="villages")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "village"], name="invited_village_once"),
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.village_id}"


def photo_path(instance, filename):
    return f"meetings/{instance.meeting.office_id}/{instance.meeting_id}/{instance.token}"


class MeetingPhoto(models.Model):
    """A photo (or document) of the activity, kept with the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=photo_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class LetterCounter(models.Model):
    """The last invitation letter number handed out per office and year."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="letter_counter_unique"),
        ]

    def __str__(self):
        return f"{self.office_id}/{self.year}: {self.last}"


class Consultation(models.Model):
    """A village's appointment with a section in one of the office's rooms."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="consultations")
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
    )
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.TextField(_("topic"))
    # A case of the village this consultation is about (an id of the cases' registered
    # source, which the agenda does not import).
    case_ref = models.CharField(_("case"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.REQUESTED,
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=clock.now)
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hour_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["office", "starts_at"]),
            models.Index(fields=["village", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="consultation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.section} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def state(self):
        return CONSULTATION_STATES[self.status]


class SlotClaim(models.Model):
    """One slot of a room or of an officer taken by a consultation or a meeting. The unique
    constraints are what forbids a double booking, on SQLite as on PostgreSQL."""

    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.CASCADE)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["room", "starts_at"],
                condition=Q(room__isnull=False),
                name="slot_room_once",
                violation_error_message=_("The room is already booked at this time."),
            ),
            models.UniqueConstraint(
                fields=["officer", "starts_at"],
                condition=Q(officer__isnull=False),
                name="slot_officer_once",
                violation_error_message=_("The officer is already booked at this time."),
            ),
            models.CheckConstraint(
                condition=Q(room__isnull=False, officer__isnull=True)
                | Q(room__isnull=True, officer__isnull=False),
                name="slot_claims_a_room_or_an_officer",
            ),
            models.CheckConstraint(
                condition=Q(consultation__isnull=False, meeting__isnull=True)
                | Q(consultation__isnull=True, meeting__isnull=False),
                name="slot_claimed_by_one_booking",
            ),
        ]

    def __str__(self):
        return f"{self.room_id or self.officer_id} {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """The secret address of a person's calendar feed (iCalendar), for a phone to subscribe."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self):
        return str(self.user_id)
