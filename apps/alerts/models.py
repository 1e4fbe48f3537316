"""Early warning (*peringatan dini*): alerts and their deliveries to villages, incident
reports (*laporan kejadian*) and village readiness (*kesiapsiagaan*)."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.offices.models import Agency, Office, OfficeScoped, Section, Village, phone_validator

from .values import (
    SEVERITY_SHORT,
    URGENCY_SHORT,
    URGENT_SEVERITIES,
    CapCategory,
    Certainty,
    Hazard,
    Scope,
    Severity,
    Urgency,
    VillageState,
)
from .workflow import (
    INCIDENT_OPEN,
    INCIDENT_STATES,
    LIVE,
    PUBLISHED,
    STATES,
    IncidentStatus,
    Status,
)

# The longest text a person may write in each field: forms show it, services enforce it.
TEXT_LIMITS = {
    "headline": 160,
    "description": 3000,
    "instruction": 2000,
    "area_description": 255,
    "note": 1000,
    "reason": 1000,
    "needs": 2000,
    "facilities_damaged": 1000,
    "outcome": 2000,
}
DEFAULT_ACK_MINUTES_SEVERE = 30
DEFAULT_ACK_MINUTES_OTHER = 240


class AlertSettings(OfficeScoped):
    """How one office runs its early warning. Without a row, the defaults apply."""

    issuing_section = models.ForeignKey(
        Section,
        verbose_name=_("issuing section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Its officers issue alerts with the camat and the secretary. Empty: the section "
            "with the short name TRANTIB."
        ),
    )
    ack_minutes_severe = models.PositiveSmallIntegerField(
        _("minutes to acknowledge an extreme or severe alert"),
        default=DEFAULT_ACK_MINUTES_SEVERE,
        validators=[MinValueValidator(5), MaxValueValidator(1440)],
    )
    ack_minutes_other = models.PositiveSmallIntegerField(
        _("minutes to acknowledge any other alert"),
        default=DEFAULT_ACK_MINUTES_OTHER,
        validators=[MinValueValidator(5), MaxValueValidator(4320)],
    )
    referral_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency incidents are referred to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the agency with the short name BPBD."),
    )

    class Meta:
        verbose_name = _("early warning settings")
        verbose_name_plural = _("early warning settings")
        constraints = [
            models.UniqueConstraint(
                fields=["office"],
                name="alert_settings_one_per_office",
                violation_error_message=_("This office already has its early warning settings."),
            ),
        ]

    def __str__(self):
        return str(_("Early warning settings"))


class Alert(models.Model):
    """One alert of the office to its villages. Each issue, update and cancellation publishes
    a CAP message (`AlertMessage`); the alert keeps its current content."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="alerts")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    hazard = models.CharField(_("hazard"), max_length=16, choices=Hazard.choices)
    category = models.CharField(
        _("CAP category"), max_length=10, choices=CapCategory.choices, default=CapCategory.MET
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    certainty = models.CharField(_("certainty"), max_length=10, choices=Certainty.choices)
    scope = models.CharField(
        _("audience"), max_length=10, choices=Scope.choices, default=Scope.PUBLIC
    )
    is_exercise = models.BooleanField(
        _("exercise (simulation)"),
        default=False,
        help_text=_(
            "A drill: villages acknowledge it as usual, everything says it is an exercise."
        ),
    )
    headline = models.CharField(_("headline"), max_length=TEXT_LIMITS["headline"])
    description = models.TextField(_("what is happening"))
    instruction = models.TextField(_("instructions for villagers"), blank=True)
    area_description = models.CharField(
        _("area"), max_length=TEXT_LIMITS["area_description"], blank=True
    )
    all_villages = models.BooleanField(_("all villages"), default=False)
    villages = models.ManyToManyField(
        Village, verbose_name=_("target villages"), blank=True, related_name="+"
    )
    effective = models.DateTimeField(_("effective from"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"))
    ack_minutes = models.PositiveSmallIntegerField(
        _("minutes to acknowledge"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(4320)],
    )
    message_count = models.PositiveSmallIntegerField(_("CAP messages published"), default=0)
    change_summary = models.TextField(_("what changed"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)
    modified_at = models.DateTimeField(default=clock.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last published"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # An alert drafted from another authority's CAP message (BMKG, BPBD…).
    source_sender = models.CharField(_("source sender"), max_length=255, blank=True)
    source_identifier = models.CharField(_("source identifier"), max_length=255, blank=True)
    source_sent = models.DateTimeField(_("source sent"), null=True, blank=True)
    source_name = models.CharField(_("source"), max_length=255, blank=True)
    source_xml = models.TextField(_("source message"), blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["office", "status", "expires"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective__isnull=True) | Q(expires__gt=models.F("effective")),
                name="alert_expires_after_effective",
                violation_error_message=_("An alert expires after it takes effect."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.headline}"

    def save(self, *args, **kwargs):
        self.modified_at = clock.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "modified_at"}
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        """How people name the alert: the office's prefix, PD (peringatan dini), the number."""
        prefix = self.office.case_prefix if self.office_id else "PD"
        return f"{prefix}-PD-{self.pk or 0:05d}"

    @property
    def state(self):
        return STATES[self.status]

    @property
    def is_live(self) -> bool:
        """Villages must act on it: issued or updated and not past its expiry time."""
        return self.status in LIVE and self.expires > clock.now()

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED

    @property
    def is_urgent(self) -> bool:
        return self.severity in URGENT_SEVERITIES

    @property
    def severity_short(self) -> str:
        return SEVERITY_SHORT.get(self.severity, self.severity)

    @property
    def urgency_short(self) -> str:
        return URGENCY_SHORT.get(self.urgency, self.urgency)

    @property
    def is_imported(self) -> bool:
        return bool(self.source_identifier)

    def ack_window(self, office_settings=None) -> timedelta:
        """How long villages have to acknowledge: the alert's own minutes, else the office's
        for its severity (30 minutes for extreme and severe, 4 hours otherwise)."""
        if self.ack_minutes:
            return timedelta(minutes=self.ack_minutes)
        if self.is_urgent:
            minutes = getattr(office_settings, "ack_minutes_severe", DEFAULT_ACK_MINUTES_SEVERE)
        else:
            minutes = getattr(office_settings, "ack_minutes_other", DEFAULT_ACK_MINUTES_OTHER)
        return timedelta(minutes=minutes)


class AlertMessage(models.Model):
    """One CAP 1.2 message as published: the issue, each update, the cancellation. Kept as
    written, so the document a consumer fetched stays the document on record."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="messages")
    number = models.PositiveSmallIntegerField()
    identifier = models.CharField(max_length=120, unique=True)
    msg_type = models.CharField(max_length=8)
    sent = models.DateTimeField()
    xml = models.TextField()

    class Meta:
        verbose_name = _("CAP message")
        verbose_name_plural = _("CAP messages")
        ordering = ["alert", "number"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "number"], name="alert_message_number"),
        ]

    def __str__(self):
        return self.identifier


class Delivery(models.Model):
    """An alert as one target village has it: acknowledged or pending, the village's state,
    escalated when nobody acknowledged in time."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    ack_due = models.DateTimeField(_("acknowledge by"))
    # The latest message the village must acknowledge, and the one it acknowledged.
    message_number = models.PositiveSmallIntegerField(default=1)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_acknowledged_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        _("village state"), max_length=10, choices=VillageState.choices, blank=True
    )
    state_note = models.TextField(_("note"), blank=True)
    state_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(default=0)
    # No longer a target since an update.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["alert", "village__kind", "village__name"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "village"], name="delivery_one_per_village"),
        ]
        indexes = [models.Index(fields=["village", "acknowledged_at"])]

    def __str__(self):
        return f"{self.alert_id} → {self.village_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def is_pending(self) -> bool:
        return self.withdrawn_at is None and self.acknowledged_at is None

    @property
    def is_late(self) -> bool:
        return self.is_pending and self.ack_due < clock.now()

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        if self.acknowledged_at is None:
            return None
        return (
            self.acknowledged_at - self.alert.last_message_at
            if self.alert.last_message_at
            else None
        )


class StateReport(models.Model):
    """The history of a village's state under one alert: the acknowledgement and every
    later report."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="reports")
    message_number = models.PositiveSmallIntegerField()
    acknowledgement = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=VillageState.choices)
    note = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("state report")
        verbose_name_plural = _("state reports")
        ordering = ["delivery", "reported_at", "id"]

    def __str__(self):
        return f"{self.delivery_id}: {self.state}"


class Incident(models.Model):
    """A village's incident report (*laporan kejadian*)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="incidents")
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="incidents"
    )
    alert = models.ForeignKey(
        Alert,
        verbose_name=_("alert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
    )
    hazard = models.CharField(_("type"), max_length=16, choices=Hazard.choices)
    occurred_at = models.DateTimeField(_("when it happened"))
    place = models.CharField(_("place"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description = models.TextField(_("what happened"))
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    people_displaced = models.PositiveIntegerField(_("people displaced"), default=0)
    houses_damaged = models.PositiveIntegerField(_("houses damaged"), default=0)
    facilities_damaged = models.TextField(_("facilities damaged"), blank=True)
    needs = models.TextField(_("immediate needs"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), default=clock.now)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    close_note = models.TextField(_("how it was handled"), blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["village", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reported_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="incident_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="incident_coordinates_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.get_hazard_display()} · {self.place}"

    @property
    def code(self) -> str:
        prefix = self.office.case_prefix if self.office_id else "LK"
        return f"{prefix}-LK-{self.pk or 0:05d}"

    @property
    def state(self):
        return INCIDENT_STATES[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in INCIDENT_OPEN


def photo_path(instance, filename):
    # The stored name says nothing about the content: photos are served through a view.
    return f"alerts/{instance.incident.office_id}/{instance.incident_id}/{instance.token}"


class IncidentPhoto(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="photos")
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
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["incident", "id"]

    def __str__(self):
        return self.original_name


class IncidentReferral(models.Model):
    """The incident handed to BPBD (or another agency), and what came of it."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="referral")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    letter_number = models.CharField(_("letter number"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred"), default=clock.now)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.incident_id} → {self.agency}"


# --- Readiness (kesiapsiagaan desa) ---------------------------------------------------------


class ReadinessItem(models.TextChoices):
    WARNING_CONTACT = "kontak_peringatan", _("Early-warning contact person in place")
    EVACUATION_ROUTE = "jalur_evakuasi", _("Evacuation route known and marked")
    VOLUNTEERS = "relawan", _("Volunteer team formed")
    DISASTER_PLAN = "rencana", _("Village disaster plan in place")
    DRILL = "simulasi", _("Evacuation drill held in the last year")


class VillageRecord(OfficeScoped):
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=clock.now)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        super().save(*args, **kwargs)


class EmergencyContact(VillageRecord):
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(
        _("role"),
        max_length=120,
        help_text=_("For example Kepala Desa, Ketua Relawan, Bidan Desa, Babinsa."),
    )
    phone = models.CharField(_("phone (WhatsApp)"), max_length=30, validators=[phone_validator])
    is_primary = models.BooleanField(
        _("first to call"),
        default=False,
        help_text=_("Called first when the village has not acknowledged an alert."),
    )

    class Meta:
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")
        ordering = ["village", "-is_primary", "name"]
        default_related_name = "emergency_contacts"

    def __str__(self):
        return f"{self.name} ({self.position})"


class EvacuationPoint(VillageRecord):
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("where"), max_length=255)
    capacity = models.PositiveIntegerField(_("capacity (people)"), default=0)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("evacuation point")
        verbose_name_plural = _("evacuation points")
        ordering = ["village", "name"]
        default_related_name = "evacuation_points"

    def __str__(self):
        return self.name


class AssetKind(models.TextChoices):
    BOAT = "perahu", _("Boat")
    PUMP = "pompa", _("Water pump")
    GENERATOR = "genset", _("Generator")
    TENT = "tenda", _("Tent")
    RADIO = "radio", _("Radio (HT)")
    FIRE = "pemadam", _("Fire fighting equipment")
    OTHER = "lainnya", _("Other")


class AssetCondition(models.TextChoices):
    GOOD = "baik", _("Good")
    FAIR = "rusak_ringan", _("Slightly damaged")
    BROKEN = "rusak_berat", _("Badly damaged")


class ReadinessAsset(VillageRecord):
    kind = models.CharField(_("kind"), max_length=10, choices=AssetKind.choices)
    description = models.CharField(_("description"), max_length=160, blank=True)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    condition = models.CharField(
        _("condition"), max_length=12, choices=AssetCondition.choices, default=AssetCondition.GOOD
    )
    keeper = models.CharField(_("kept by"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["village", "kind", "id"]
        default_related_name = "readiness_assets"

    def __str__(self):
        return f"{self.get_kind_display()} × {self.quantity}"


class ReadinessCheck(OfficeScoped):
    """One item of a village's readiness checklist, with the date it was last reviewed."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT)
    item = models.CharField(_("item"), max_length=20, choices=ReadinessItem.choices)
    in_place = models.BooleanField(_("in place"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    reviewed_on = models.DateField(_("last reviewed"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("readiness check")
        verbose_name_plural = _("readiness checks")
        ordering = ["village", "item"]
        default_related_name = "readiness_checks"
        constraints = [
            models.UniqueConstraint(fields=["village", "item"], name="readiness_check_unique"),
        ]

    def __str__(self):
        return f"{self.village_id}: {self.item}"
