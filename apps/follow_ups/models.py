from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.offices.models import Agency, Office, Section, Village

# The longest text a person may write in each field (forms show it, the services enforce it).
TEXT_LIMITS = {"action": 255, "note": 2000}


class FollowUpOwner(models.TextChoices):
    SECTION = "seksi", _("Sub-district section")
    VILLAGE = "desa", _("The village")
    AGENCY = "opd", _("Regency agency")


class FollowUpStatus(models.TextChoices):
    OPEN = "terbuka", _("Open")
    DONE = "selesai", _("Done")


class FollowUp(models.Model):
    """Tindak lanjut: one action with an owner and a due date, from a case or a meeting.

    The app that made it is its *source* (`source_type` "case" or "meeting", `source_id`):
    this app never imports them; they register how to name and link their items and who
    may complete them (`follow_ups.registry`). `village` is the village the source belongs
    to (the case's village; empty for a meeting): that village reads the item too.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="follow_ups")
    source_type = models.CharField(_("source"), max_length=20)
    source_id = models.CharField(max_length=64)
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=255)
    owner_kind = models.CharField(_("owner"), max_length=8, choices=FollowUpOwner.choices)
    owner_section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_follow_ups",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    completion_note = models.TextField(_("completion note"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=clock.now)
    # The periodic tasks tell the owner once before the due date and escalate once after it.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["office", "status", "due_date"]),
            models.Index(fields=["owner_village", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="follow_up_owner_matches_kind",
                condition=(
                    models.Q(
                        owner_kind=FollowUpOwner.SECTION,
                        owner_section__isnull=False,
                        owner_agency__isnull=True,
                        owner_village__isnull=True,
                    )
                    | models.Q(
                        owner_kind=FollowUpOwner.AGENCY,
                        owner_agency__isnull=False,
                        owner_section__isnull=True,
                        owner_village__isnull=True,
                    )
                    | models.Q(
                        owner_kind=FollowUpOwner.VILLAGE,
                        owner_village__isnull=False,
                        owner_agency__isnull=True,
                        owner_section__isnull=True,
                    )
                ),
                violation_error_message=_("A follow-up has exactly one owner of its kind."),
            ),
            models.CheckConstraint(
                name="follow_up_done_has_its_time",
                condition=models.Q(status=FollowUpStatus.OPEN, completed_at__isnull=True)
                | models.Q(status=FollowUpStatus.DONE, completed_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.action

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < clock.today()

    @property
    def owner(self):
        return {
            FollowUpOwner.SECTION: self.owner_section,
            FollowUpOwner.AGENCY: self.owner_agency,
            FollowUpOwner.VILLAGE: self.owner_village,
        }.get(self.owner_kind)

    @property
    def owner_label(self) -> str:
        return str(self.owner or "")


def evidence_path(instance, filename):
    # The stored name says nothing about the content: files are served through a view.
    return f"follow-ups/{instance.follow_up.office_id}/{instance.follow_up_id}/{instance.token}"


class Evidence(models.Model):
    """A document or photo that shows a follow-up was done."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evidence")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
