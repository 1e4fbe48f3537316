import re
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.regions.models import Region, RegionLevel

nip_validator = RegexValidator(r"^\d{18}$", _("A NIP is 18 digits, without spaces."))
phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$", _("Enter a phone number such as 0812 3456 7890 or +62 812 3456 7890.")
)
case_prefix_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,11}$",
    _("Use 2 to 12 capital letters or digits, starting with a letter, for example PRS."),
)

# Apps that print the case prefix on their records (cases: the tracking numbers) register a
# check here in AppConfig.ready(): `claim(prefix, office_id)` says whether records of an office
# other than `office_id` carry it. Such a prefix stays taken after its office changed to
# another one, or new numbers would collide with old ones.
CASE_PREFIX_CLAIMS: list[Callable[[str, int | None], bool]] = []


def case_prefix_from_name(name: str) -> str:
    """About three letters people can say over the phone, from a kecamatan's name: the
    initial of each word, the first word filling up with its consonants.
    Paringin Selatan → PRS, Batu Mandi → BTM, Paringin → PRN, Juai → JUA."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z]+", plain)
    if len(words) > 1 and words[0] == "KECAMATAN":
        words = words[1:]
    if not words:
        return "KEC"
    first, rest = words[0], words[1:]
    tail = first[1:]
    fill = [c for c in tail if c not in "AEIOU"] + [c for c in tail if c in "AEIOU"]
    prefix = first[0] + "".join(fill[: max(0, 2 - len(rest))]) + "".join(w[0] for w in rest)
    prefix = prefix[:6]
    return prefix if len(prefix) >= 2 else (prefix + "KEC")[:3]


class Office(models.Model):
    """A kecamatan office: the tenant. Everything that belongs to an office points to it."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("sub-district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": RegionLevel.DISTRICT},
        related_name="office",
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    case_prefix = models.CharField(
        _("tracking number prefix"),
        max_length=12,
        unique=True,
        validators=[case_prefix_validator],
        error_messages={"unique": _("Another office already uses this prefix.")},
        help_text=_(
            "Capital letters in front of the tracking numbers of this office, for example PRS "
            "in PRS-2026-00042. A new prefix applies to new cases only."
        ),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    letterhead = models.TextField(
        _("letterhead text"),
        blank=True,
        help_text=_("The lines of the kop surat, one per line."),
    )
    logo = models.FileField(_("logo"), upload_to="offices/logos/", blank=True)
    head_name = models.CharField(_("name of the camat"), max_length=120, blank=True)
    head_rank = models.CharField(_("rank (pangkat/golongan)"), max_length=80, blank=True)
    head_nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    is_active = models.BooleanField(_("active"), default=True)
    # Bumped whenever the office's directory changes (its profile, sections, villages,
    # categories, people): pages cache what they draw of it under this number
    # (apps.offices.directory).
    directory_version = models.PositiveIntegerField(default=0, editable=False)
    auto_close_days = models.PositiveSmallIntegerField(
        _("days before an answered case closes by itself"), default=7
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days in which a village may reopen a closed case"), default=30
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case_prefix=Upper("case_prefix")) & ~models.Q(case_prefix=""),
                name="office_case_prefix_upper",
                violation_error_message=_("The prefix is written in capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The directory's version moves only by its signal's UPDATE: a save of an office read
        # earlier must not write back an older number (a cached page would come back).
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # as Django does: only what was loaded
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "directory_version" and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.case_prefix and any(
            claim(self.case_prefix, self.pk) for claim in CASE_PREFIX_CLAIMS
        ):
            raise ValidationError(
                {"case_prefix": _("Tracking numbers of another office begin with this prefix.")}
            )

    @property
    def regency(self) -> Region:
        return self.region.parent

    @property
    def short_name(self) -> str:
        """The kecamatan's own name, as in "Rumah Koordinasi Paringin Selatan"."""
        return self.region.name

    def case_tracking_number(self, year: int, sequence: int) -> str:
        """The tracking number of the office's `sequence`-th case of `year`, unique in the
        whole installation and short enough to read out: PRS-2026-00042."""
        return f"{self.case_prefix}-{year}-{sequence:05d}"


class OfficeScoped(models.Model):
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)

    class Meta:
        abstract = True


class Section(OfficeScoped):
    """A seksi of the office (Seksi PMD, Seksi Trantib, ...)."""

    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=30)
    description = models.TextField(_("duties"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["office", "order", "name"]
        default_related_name = "sections"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="section_unique_name",
                violation_error_message=_("This office already has a section with this name."),
            ),
            models.UniqueConstraint(
                fields=["office", "short_name"],
                name="section_unique_short_name",
                violation_error_message=_(
                    "This office already has a section with this short name."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class Category(OfficeScoped):
    """A problem category that routes a case to its default section."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    default_section = models.ForeignKey(
        Section,
        verbose_name=_("default section"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["office", "order", "name"]
        default_related_name = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="category_unique_name",
                violation_error_message=_("This office already has a category with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Agency(OfficeScoped):
    """A regency agency (OPD / dinas) that cases may be referred to."""

    name = models.CharField(_("name"), max_length=160)
    short_name = models.CharField(_("short name"), max_length=40)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["office", "name"]
        default_related_name = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="agency_unique_name",
                violation_error_message=_("This office already has an agency with this name."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name


class VillageKind(models.TextChoices):
    DESA = "desa", _("Village (desa)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")


class Village(OfficeScoped):
    """A desa or kelurahan served by the office, with its own contact data."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="village",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=VillageKind.choices)
    slug = models.SlugField(_("short name"), max_length=80)
    head_name = models.CharField(_("name of the village head"), max_length=120, blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["office", "kind", "name"]
        default_related_name = "villages"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "slug"],
                name="village_unique_slug",
                violation_error_message=_("This office already has a village with this name."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display_short()} {self.name}"

    def get_kind_display_short(self) -> str:
        return "Kelurahan" if self.kind == VillageKind.KELURAHAN else "Desa"

    @property
    def code(self) -> str:
        return self.region.code


class HolidayKind(models.TextChoices):
    COLLECTIVE_LEAVE = "cuti_bersama", _("Collective leave (cuti bersama)")
    LOCAL = "lokal", _("Local holiday")
    WORKING_DAY = "hari_kerja", _("Extra working day")


class Holiday(OfficeScoped):
    """A day the admin adds to the office calendar on top of the national holidays: cuti
    bersama, a local holiday, or (rarely) a Saturday declared a working day."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=HolidayKind.choices,
        default=HolidayKind.COLLECTIVE_LEAVE,
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("office calendar")
        ordering = ["office", "date"]
        default_related_name = "holidays"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "date"],
                name="holiday_unique_date",
                violation_error_message=_("This date is already in the office calendar."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"


class Urgency(models.TextChoices):
    EMERGENCY = "darurat", _("Emergency")
    HIGH = "tinggi", _("High")
    MEDIUM = "sedang", _("Medium")
    LOW = "rendah", _("Low")


# Working days to answer after verification, by urgency (the office may change them).
DEFAULT_ANSWER_DAYS = {"darurat": 1, "tinggi": 3, "sedang": 5, "rendah": 10}
DEFAULT_VERIFY_DAYS = 1


class SlaRule(OfficeScoped):
    """How many working days the office gives itself for one urgency, for all categories
    (category empty) or for one category."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: the rule for every category without a rule of its own."),
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    verify_days = models.PositiveSmallIntegerField(
        _("working days to verify"), default=DEFAULT_VERIFY_DAYS
    )
    answer_days = models.PositiveSmallIntegerField(_("working days to answer after verification"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        ordering = ["office", "category", "urgency"]
        default_related_name = "sla_rules"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "category", "urgency"],
                condition=models.Q(category__isnull=False),
                name="sla_rule_unique_per_category",
                violation_error_message=_("There is already a rule for this category and urgency."),
            ),
            models.UniqueConstraint(
                fields=["office", "urgency"],
                condition=models.Q(category__isnull=True),
                name="sla_rule_unique_default",
                violation_error_message=_("There is already a rule for this category and urgency."),
            ),
            models.CheckConstraint(
                condition=models.Q(answer_days__gte=1) & models.Q(verify_days__gte=1),
                name="sla_rule_days_positive",
                violation_error_message=_("Days must be at least 1."),
            ),
        ]

    def __str__(self):
        scope = self.category.name if self.category_id else _("all categories")
        return f"{scope} · {self.get_urgency_display()}: {self.answer_days}"


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit entries are never updated.")

    def delete(self):
        raise TypeError("Audit entries are never deleted.")


class AuditLog(models.Model):
    """The history of everything in an office: one row per change, written by services only.

    `action` is a namespaced code (`accounts.user.created`); `old` and `new` hold the fields that
    changed. Rows are append-only: the application never updates or deletes them. The office
    owns its history, so every app above `offices` (people, cases, meetings…) writes here
    through `apps.offices.audit.audit_record`.
    """

    created_at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("target type"), max_length=100)
    target_id = models.CharField(_("target id"), max_length=64)
    target_repr = models.CharField(_("target"), max_length=255)
    old = models.JSONField(_("old values"), default=dict, blank=True)
    new = models.JSONField(_("new values"), default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"]),
            models.Index(fields=["office", "created_at"]),
            # The office's latest change, one index probe (apps.offices.audit.last_change).
            models.Index(fields=["office", "-id"], name="audit_office_latest"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit entries are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are never deleted.")
