from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.follow_ups.models import FollowUp
from apps.offices.models import Agency, Category, Office, Section, Urgency, Village

from .workflow import AWAITING_ANSWER, CLOSED_STATES, OPEN_STATES, STATES, Status

__all__ = ["AWAITING_ANSWER", "CLOSED_STATES", "OPEN_STATES", "Status"]

# A case's follow-ups live in the follow-ups app with this source type (see sources.py).
SOURCE_TYPE = "case"


class Origin(models.TextChoices):
    """Where a case came from: a village's own submission, or a citizen's aspiration that the
    office turned into a case for the village concerned (the aspirations app keeps the link)."""

    VILLAGE = "desa", _("Submitted by the village")
    ASPIRATION = "aspirasi", _("From a citizen's aspiration")


# The longest text a person may write in each field: forms show and enforce it, the
# services refuse longer text from any door (the API too).
TEXT_LIMITS = {
    "description": 5000,
    "response": 5000,
    "solution": 5000,
    "comment": 2000,
    "reason": 2000,
    "instruction": 2000,
    "outcome": 2000,
    "referral_note": 2000,
    "rating_comment": 1000,
}


class CaseCounter(models.Model):
    """The last tracking number handed out per office and year (locked while incremented)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="case_counter_unique"),
        ]

    def __str__(self):
        return f"{self.office_id}/{self.year}: {self.last}"


class SharedIssue(models.Model):
    """Isu bersama: one problem raised by several villages, answered once."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="shared_issues")
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)
    response = models.TextField(_("response"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("shared issue")
        verbose_name_plural = _("shared issues")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Case(models.Model):
    """A problem a village brings to the office (permasalahan / koordinasi)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases")
    tracking_number = models.CharField(_("tracking number"), max_length=24)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="cases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="submitted_cases",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases"
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    disposition = models.TextField(_("instruction (disposisi)"), blank=True)
    response = models.TextField(_("response"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why it was returned, rejected or reopened.")
    )
    shared_issue = models.ForeignKey(
        SharedIssue,
        verbose_name=_("shared issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    # Referral to a regency agency.
    referred_to = models.ForeignKey(
        Agency,
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    referral_letter = models.CharField(_("letter number"), max_length=80, blank=True)
    referral_note = models.TextField(_("referral note"), blank=True)
    referral_outcome = models.TextField(_("referral outcome"), blank=True)
    # Service level: deadlines and milestones.
    verify_due = models.DateTimeField(_("verify by"), null=True, blank=True)
    response_due = models.DateTimeField(_("answer by"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolve by"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    auto_closed = models.BooleanField(_("closed automatically"), default=False)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("rating comment"), blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.VILLAGE
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # Unique in the installation: each office has its own prefix (Office.case_prefix).
            models.UniqueConstraint(fields=["tracking_number"], name="case_unique_tracking_number"),
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="case_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["village", "status"]),
            models.Index(fields=["section", "status"]),
            models.Index(fields=["office", "category", "status"]),
            # The lists, newest first (selectors.CaseList): an office's, a village's, and
            # across the offices of a regency.
            models.Index(fields=["office", "-submitted_at", "-id"], name="case_office_newest"),
            models.Index(fields=["village", "-submitted_at", "-id"], name="case_village_newest"),
            models.Index(fields=["-submitted_at", "-id"], name="case_newest"),
            # The homes' "recently changed".
            models.Index(fields=["office", "-updated_at"], name="case_office_updated"),
            models.Index(fields=["-updated_at"], name="case_updated"),
            # The monitoring figures (selectors.case_stats*): an office's cases submitted in a
            # period, with every column they count, group or take a median of, read from the
            # index alone (no visit to the wide rows with their long texts).
            models.Index(
                fields=["office", "submitted_at"],
                include=[
                    "id",
                    "village",
                    "category",
                    "section",
                    "status",
                    "verify_due",
                    "response_due",
                    "verified_at",
                    "answered_at",
                    "rating",
                ],
                name="case_office_submitted_stats",
            ),
            # The open cases (a tenth of them or less): counts, overdue and the worklists
            # read this small index, never the closed cases.
            models.Index(
                fields=["office", "status", "verify_due", "response_due"],
                condition=models.Q(status__in=OPEN_STATES),
                name="case_office_open",
            ),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    def save(self, *args, **kwargs):
        # `updated_at` follows the one clock (frozen in tests and demo seeding), not auto_now.
        self.updated_at = clock.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    @property
    def state(self):
        """This status's row of the workflow table (`workflow.STATES`)."""
        return STATES[self.status]

    @property
    def from_aspiration(self) -> bool:
        """Opened by the office from a citizen's aspiration, not submitted by the village."""
        return self.origin == Origin.ASPIRATION

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATES

    @property
    def is_overdue(self) -> bool:
        return self.overdue_since is not None and self.status in AWAITING_ANSWER

    @property
    def follow_ups(self):
        """The case's follow-up actions, kept by the follow-ups app with the case as source."""
        return FollowUp.objects.filter(source_type=SOURCE_TYPE, source_id=str(self.pk))

    @property
    def awaits_referral_outcome(self) -> bool:
        return self.referred_to_id is not None and not self.referral_outcome

    @property
    def deadline_field(self) -> str:
        """`verify_due` or `response_due`: the deadline the office works against now."""
        return self.state.deadline

    @property
    def current_deadline(self):
        """The deadline the office is working against now: verify, then answer."""
        return getattr(self, self.state.deadline) if self.state.deadline else None


def attachment_path(instance, filename):
    # The stored name says nothing about the content: uploads are served through a view.
    return f"cases/{instance.case.office_id}/{instance.case_id}/{instance.token}"


class Attachment(models.Model):
    """A document of the case. A follow-up's evidence belongs to the follow-ups app."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Comment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    internal = models.BooleanField(
        _("internal note"),
        default=False,
        help_text=_("Only office staff see internal notes; the village never does."),
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.case.tracking_number}: {self.body[:40]}"


class ResponseTemplate(models.Model):
    """A reusable answer per category that officers pick and edit."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="response_templates",
    )
    title = models.CharField(_("title"), max_length=120)
    response = models.TextField(_("response"))
    solution = models.TextField(_("solution"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["category", "title"]
        default_related_name = "response_templates"

    def __str__(self):
        return self.title
