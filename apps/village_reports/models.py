"""Reporting obligations of the villages and their reports (kewajiban laporan desa).

An office defines obligation types (what, how often, by when, with which numbers); a village
submits one report per obligation and period. Figures are numbers a village reports for the
whole village: stunting figures are aggregates per village and month, never data about a
named child.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.offices.models import Office, OfficeScoped, Section, Village

from .workflow import STATES, Status

__all__ = ["Status"]


class Period(models.TextChoices):
    MONTHLY = "bulanan", _("Monthly")
    QUARTERLY = "triwulan", _("Quarterly")
    SEMESTER = "semester", _("Per semester")
    YEARLY = "tahunan", _("Yearly")


# How many periods of each kind make a year.
PERIODS_PER_YEAR = {
    Period.MONTHLY: 12,
    Period.QUARTERLY: 4,
    Period.SEMESTER: 2,
    Period.YEARLY: 1,
}


class DeadlineAnchor(models.TextChoices):
    AFTER_END = "akhir", _("days after the period ends")
    AFTER_START = "awal", _("days after the period starts")


class ObligationType(OfficeScoped):
    """A report every village of the office owes, once per period."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("A short fixed name for exports and the API, for example stunting-bulanan."),
    )
    name = models.CharField(_("name"), max_length=160)
    legal_note = models.TextField(
        _("legal basis"), blank=True, help_text=_("The regulation that asks for this report.")
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("reviewing section"),
        on_delete=models.PROTECT,
        related_name="obligation_types",
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    only_period = models.PositiveSmallIntegerField(
        _("only this period of the year"),
        null=True,
        blank=True,
        help_text=_("Empty: every period. 1 with a semester period: Semester I only."),
    )
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days)"), default=10)
    deadline_anchor = models.CharField(
        _("counted from"),
        max_length=6,
        choices=DeadlineAnchor.choices,
        default=DeadlineAnchor.AFTER_END,
        help_text=_(
            "10 days after the period ends: the 10th of the next month for a monthly report. "
            "A deadline on a weekend or holiday of the office calendar moves to the next "
            "working day."
        ),
    )
    file_required = models.BooleanField(_("a document is required"), default=True)
    starts_on = models.DateField(
        _("owed from"), help_text=_("The first period that villages owe starts on or after it.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["office", "order", "name"]
        default_related_name = "obligation_types"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "code"],
                name="obligation_unique_code",
                violation_error_message=_("This office already has an obligation with this code."),
            ),
            models.CheckConstraint(
                condition=Q(only_period__isnull=True) | Q(only_period__gte=1, only_period__lte=12),
                name="obligation_only_period_in_year",
                violation_error_message=_("A period of the year is numbered 1 to 12."),
            ),
        ]

    def __str__(self):
        return self.name


class FigureSpec(OfficeScoped):
    """A number a report holds (balita diukur, realisasi belanja…), with its unit and limits."""

    obligation = models.ForeignKey(
        ObligationType,
        verbose_name=_("reporting obligation"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    at_most = models.ForeignKey(
        "self",
        verbose_name=_("not more than"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Another figure of the same report this one cannot exceed."),
    )
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        ordering = ["obligation", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "code"],
                name="figure_unique_code",
                violation_error_message=_("This obligation already has a figure with this code."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="figure_min_not_above_max",
                violation_error_message=_("The minimum cannot be above the maximum."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name


class Submission(models.Model):
    """One village's report for one obligation and one period."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="report_submissions")
    obligation = models.ForeignKey(
        ObligationType,
        verbose_name=_("reporting obligation"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("period"))
    due_date = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("note from the village"), blank=True)
    # Late or on time is judged by the first submission: a report returned for correction
    # and sent again keeps the day it first arrived.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("note from the section"), blank=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("village report")
        verbose_name_plural = _("village reports")
        ordering = ["-period_start", "obligation__order", "village__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "village", "period_start"],
                name="submission_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(first_submitted_at__isnull=False),
                name="submission_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "obligation", "period_start"]),
            models.Index(fields=["village", "status"]),
            models.Index(fields=["office", "due_date"]),
        ]

    def __str__(self):
        return f"{self.obligation.name} · {self.village} · {self.period_start:%Y-%m}"

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        super().save(*args, **kwargs)

    @property
    def state(self):
        return STATES[self.status]


def report_file_path(instance, filename):
    # The stored name says nothing about the content: files are served through a view.
    return f"reports/{instance.submission.office_id}/{instance.submission_id}/{instance.token}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=report_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class FigureValue(models.Model):
    """One number of one report."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    spec = models.ForeignKey(FigureSpec, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("report figure value")
        verbose_name_plural = _("report figure values")
        constraints = [
            models.UniqueConstraint(fields=["submission", "spec"], name="figure_value_once"),
        ]

    def __str__(self):
        return f"{self.spec.code}={self.value}"
