"""The activity reports (laporan kegiatan) an office has generated: kept and listed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.offices.models import Office


class ReportStatus(models.TextChoices):
    QUEUED = "antri", _("Queued")
    RUNNING = "proses", _("Being built")
    DONE = "selesai", _("Ready")
    FAILED = "gagal", _("Failed")


def report_path(instance, filename):
    # The stored name says nothing about the content: files are served through a view.
    return f"activity-reports/{instance.office_id}/{instance.token}.pdf"


class ActivityReport(models.Model):
    """One activity report (PDF) of an office for a period, built in the background."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="activity_reports")
    period_kind = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=120, blank=True)
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=report_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="activity_report_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="activity_report_progress_percent"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ReportStatus.FAILED
