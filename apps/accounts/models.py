from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.offices.models import Office, Section, Village, phone_validator
from apps.regions.models import Region


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(
        _("phone (WhatsApp)"), max_length=30, blank=True, validators=[phone_validator]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username


class Role(models.TextChoices):
    HEAD = "camat", _("Camat")
    SECRETARY = "sekretaris", _("Secretary / admin")
    OFFICER = "petugas", _("Section officer")
    VILLAGE = "desa", _("Village official")
    INSPECTOR = "pemantau", _("Regency inspector")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """One role of one person in one office (or, for an inspector, one regency)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    regency = models.ForeignKey(
        Region,
        verbose_name=_("regency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspectors",
        help_text=_("Only for regency inspectors: the regency they watch."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    position = models.CharField(
        _("position"),
        max_length=120,
        blank=True,
        help_text=_("For example Kepala Desa, Sekretaris Desa, Operator, Kepala Seksi."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office"],
                condition=Q(office__isnull=False),
                name="membership_one_role_per_office",
            ),
            models.UniqueConstraint(
                fields=["user", "regency"],
                condition=Q(regency__isnull=False),
                name="membership_one_role_per_regency",
            ),
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role=Role.INSPECTOR,
                        regency__isnull=False,
                        office__isnull=True,
                        section__isnull=True,
                        village__isnull=True,
                    )
                    | Q(
                        role=Role.OFFICER,
                        office__isnull=False,
                        regency__isnull=True,
                        section__isnull=False,
                        village__isnull=True,
                    )
                    | Q(
                        role=Role.VILLAGE,
                        office__isnull=False,
                        regency__isnull=True,
                        section__isnull=True,
                        village__isnull=False,
                    )
                    | Q(
                        role__in=[Role.HEAD, Role.SECRETARY],
                        office__isnull=False,
                        regency__isnull=True,
                        section__isnull=True,
                        village__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.scope_name}"

    @property
    def scope_name(self) -> str:
        if self.role == Role.INSPECTOR:
            return str(self.regency)
        if self.role == Role.VILLAGE:
            return str(self.village)
        if self.role == Role.OFFICER:
            return str(self.section)
        return str(self.office)
