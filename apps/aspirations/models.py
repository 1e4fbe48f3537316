from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case
from apps.core import clock
from apps.offices.models import Category, Office, Village

from .workflow import STATES, Status

__all__ = ["Aspiration", "Status"]

# The longest text a citizen or an officer may write; forms show it, services enforce it.
TEXT_LIMITS = {"title": 150, "text": 3000, "name": 120, "contact": 120, "answer": 3000,
               "reason": 1000}  # fmt: skip


def photo_path(instance, filename):
    # The stored name says nothing about the content; staff see it through a checked view.
    return f"aspirations/{instance.office_id}/{instance.photo_token}"


class Aspiration(models.Model):
    """A citizen's message to the office (aspirasi masyarakat), followed by its tracking code.

    When the citizen chooses to stay anonymous, no name and no contact are stored at all
    (a database constraint holds it): nobody, officer or administrator, can ever read them."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="aspirations")
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="aspirations"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="aspirations"
    )
    title = models.CharField(_("title"), max_length=TEXT_LIMITS["title"])
    text = models.TextField(_("aspiration"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("name"), max_length=TEXT_LIMITS["name"], blank=True)
    contact = models.CharField(_("contact"), max_length=TEXT_LIMITS["contact"], blank=True)
    photo = models.FileField(upload_to=photo_path, max_length=200, blank=True)
    photo_token = models.CharField(max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    reason = models.TextField(_("reason for rejection"), blank=True)
    answer = models.TextField(_("public answer"), blank=True)
    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aspiration",
    )
    # A keyed hash of the sender's address, for the rate limit: never the address itself.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("received"), default=clock.now)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Internal: who decided. Never shown to the citizen.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("aspiration")
        verbose_name_plural = _("aspirations")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(name="", contact=""),
                name="aspiration_anonymous_keeps_no_name",
                violation_error_message=_("An anonymous aspiration keeps no name or contact."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.CASE) | models.Q(case__isnull=False),
                name="aspiration_case_state_has_case",
            ),
        ]
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self):
        return f"{self.tracking_code} {self.title}"

    @property
    def state(self):
        return STATES[self.status]

    @property
    def is_open(self) -> bool:
        return not self.state.closed

    @property
    def sender_name(self) -> str:
        """What staff pages show of the sender: never anything when anonymous."""
        return "" if self.anonymous else self.name
