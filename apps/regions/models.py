from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "provinsi", _("Province")
    REGENCY = "kabupaten", _("Regency / city")
    DISTRICT = "kecamatan", _("Sub-district")
    VILLAGE = "desa", _("Village")
    URBAN_VILLAGE = "kelurahan", _("Urban village")


VILLAGE_LEVELS = (RegionLevel.VILLAGE, RegionLevel.URBAN_VILLAGE)


class Region(models.Model):
    """An administrative region keyed by its Kemendagri code (`63.11.07.2003`).

    National master data, shared by every office; imported with `manage.py import_regions`.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "level"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True) | ~models.Q(level=RegionLevel.PROVINCE),
                name="region_province_has_no_parent",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_village(self) -> bool:
        return self.level in VILLAGE_LEVELS
