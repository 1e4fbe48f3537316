"""The value sets of an alert: the hazards Balangan knows, and the CAP 1.2 value lists
(category, severity, urgency, certainty, scope) with their Indonesian labels.

The stored values of the CAP lists are the CAP tokens themselves (`Severe`, `Immediate`…), so
what the database holds is what a CAP document says; the labels are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hazard(models.TextChoices):
    FLOOD = "banjir", _("Flood")
    FIRE = "karhutla", _("Forest and land fire")
    LANDSLIDE = "longsor", _("Landslide")
    STORM = "puting_beliung", _("Whirlwind and storm")
    DROUGHT = "kekeringan", _("Drought")
    OUTBREAK = "wabah", _("Disease outbreak")
    OTHER = "lainnya", _("Other hazard")


class CapCategory(models.TextChoices):
    GEO = "Geo", _("Geophysical")
    MET = "Met", _("Meteorological (incl. flood)")
    SAFETY = "Safety", _("Public safety")
    SECURITY = "Security", _("Security")
    RESCUE = "Rescue", _("Rescue and recovery")
    FIRE = "Fire", _("Fire")
    HEALTH = "Health", _("Health")
    ENV = "Env", _("Environment")
    TRANSPORT = "Transport", _("Transport")
    INFRA = "Infra", _("Infrastructure")
    CBRNE = "CBRNE", _("Chemical, biological, radiological, nuclear or explosive")
    OTHER = "Other", _("Other")


class Severity(models.TextChoices):
    EXTREME = "Extreme", _("Extreme: extraordinary threat to life or property")
    SEVERE = "Severe", _("Severe: significant threat to life or property")
    MODERATE = "Moderate", _("Moderate: possible threat to life or property")
    MINOR = "Minor", _("Minor: little or no threat")
    UNKNOWN = "Unknown", _("Unknown severity")


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("Immediate: act now")
    EXPECTED = "Expected", _("Expected: act within the next hour")
    FUTURE = "Future", _("Future: act in the near future")
    PAST = "Past", _("Past: no longer needed")
    UNKNOWN = "Unknown", _("Unknown urgency")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("Observed: it has happened or is happening")
    LIKELY = "Likely", _("Likely (more likely than not)")
    POSSIBLE = "Possible", _("Possible (half a chance or less)")
    UNLIKELY = "Unlikely", _("Unlikely")
    UNKNOWN = "Unknown", _("Unknown certainty")


class Scope(models.TextChoices):
    PUBLIC = "Public", _("Public: in the public feed")
    RESTRICTED = "Restricted", _("Restricted: villages and the office only")


class VillageState(models.TextChoices):
    """What a village reports about itself when it acknowledges, and later."""

    SAFE = "aman", _("Safe")
    ALERT = "waspada", _("On alert")
    AFFECTED = "terdampak", _("Affected")


# Severities whose villages must acknowledge quickly (the office sets the minutes).
URGENT_SEVERITIES = (Severity.EXTREME, Severity.SEVERE)


@dataclass(frozen=True)
class HazardSpec:
    category: str  # the CAP category of the hazard
    # Words of another authority's CAP message (event, headline, category) that name it,
    # Indonesian and English, for the import.
    words: tuple[str, ...]


HAZARDS: dict[str, HazardSpec] = {
    Hazard.FLOOD: HazardSpec(CapCategory.MET, ("banjir", "flood", "genangan", "luapan")),
    Hazard.FIRE: HazardSpec(
        CapCategory.FIRE,
        ("kebakaran", "karhutla", "fire", "titik panas", "hotspot", "asap"),
    ),
    Hazard.LANDSLIDE: HazardSpec(
        CapCategory.GEO, ("longsor", "landslide", "tanah bergerak", "mudslide")
    ),
    Hazard.STORM: HazardSpec(
        CapCategory.MET,
        ("puting beliung", "angin kencang", "badai", "storm", "wind", "petir", "thunderstorm"),
    ),
    Hazard.DROUGHT: HazardSpec(CapCategory.MET, ("kekeringan", "drought", "kemarau")),
    Hazard.OUTBREAK: HazardSpec(
        CapCategory.HEALTH,
        ("wabah", "penyakit", "outbreak", "epidemic", "dbd", "demam berdarah", "diare"),
    ),
    Hazard.OTHER: HazardSpec(CapCategory.OTHER, ()),
}

# The word a pill shows; the choices' labels say what each level means.
SEVERITY_SHORT = {
    Severity.EXTREME: _("Extreme"),
    Severity.SEVERE: _("Severe"),
    Severity.MODERATE: _("Moderate"),
    Severity.MINOR: _("Minor"),
    Severity.UNKNOWN: _("Unknown"),
}
URGENCY_SHORT = {
    Urgency.IMMEDIATE: _("Immediate"),
    Urgency.EXPECTED: _("Expected"),
    Urgency.FUTURE: _("Future"),
    Urgency.PAST: _("Past"),
    Urgency.UNKNOWN: _("Unknown"),
}
