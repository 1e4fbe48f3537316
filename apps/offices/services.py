"""Writes to the office master data. Every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.offices.audit import audit_record, diff, snapshot
from apps.regions.models import VILLAGE_LEVELS, Region, RegionLevel

from . import defaults
from .masterdata import OFFICE_SETUP_HOOKS
from .models import (
    CASE_PREFIX_CLAIMS,
    DEFAULT_ANSWER_DAYS,
    DEFAULT_VERIFY_DAYS,
    Agency,
    Category,
    Office,
    Section,
    SlaRule,
    Village,
    VillageKind,
    case_prefix_from_name,
)


def _editable_fields(instance: models.Model) -> list[str]:
    return [
        f.name
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key and f.name != "office"
    ]


@transaction.atomic
def masterdata_save(
    *, actor, office: Office | None, instance: models.Model, values: dict[str, Any]
):
    """Create or update one master-data record of `office` (section, category, agency, village
    or the office itself) and audit what changed. Forms have validated `values` already."""
    is_office = isinstance(instance, Office)
    if is_office:
        office = instance
    target_office_id = instance.pk if is_office else getattr(instance, "office_id", None)
    if instance.pk and target_office_id != office.pk:
        raise DomainError(_("This record belongs to another office."))
    for value in values.values():
        owner = getattr(value, "office_id", None)
        if owner is not None and owner != office.pk:
            raise DomainError(_("You can only choose records of your own office."))
    fields = _editable_fields(instance)
    creating = instance.pk is None
    before = {} if creating else snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    if not is_office:
        instance.office = office
    instance.full_clean()
    instance.save()
    after = snapshot(instance, fields)
    old, new = diff(before, after)
    if creating or new:
        verb = "created" if creating else "updated"
        audit_record(
            actor=actor,
            office=office,
            action=f"{instance._meta.label_lower}.{verb}",
            target=instance,
            old=old,
            new=new,
        )
    return instance


def _office_slug(region: Region) -> str:
    slug = slugify(region.name)
    if Office.objects.filter(slug=slug).exists():  # same name in another regency
        slug = slugify(f"{region.name} {region.code.replace('.', ' ')}")
    return slug


def _case_prefix_taken(prefix: str) -> bool:
    if Office.objects.filter(case_prefix=prefix).exists():
        return True
    return any(claim(prefix, None) for claim in CASE_PREFIX_CLAIMS)


def _case_prefix(region: Region) -> str:
    """The name's prefix (PRS), or PRS2, PRS3 … when another office has it already (the same
    name in another regency, or names with the same letters)."""
    base = case_prefix_from_name(region.name)
    candidate, number = base, 1
    while _case_prefix_taken(candidate):
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _village_slug(region: Region) -> str:
    return slugify(region.name)


@transaction.atomic
def office_setup(*, region: Region, actor=None) -> Office:
    """Create the office of a kecamatan with its default sections, categories, agencies and
    villages. Idempotent: what exists is kept as the admin left it; only what is missing is
    added, so running it again after a region import picks up new villages."""
    if region.level != RegionLevel.DISTRICT:
        raise DomainError(_("An office belongs to a sub-district (kecamatan)."))
    office = Office.objects.filter(region=region).first()
    if office is None:
        regency = region.parent
        letterhead = "\n".join(
            filter(
                None,
                [
                    f"PEMERINTAH {regency.name.upper()}" if regency else "",
                    f"KECAMATAN {region.name.upper()}",
                ],
            )
        )
        office = masterdata_save(
            actor=actor,
            office=None,
            instance=Office(region=region),
            values={
                "name": f"Kecamatan {region.name}",
                "slug": _office_slug(region),
                "case_prefix": _case_prefix(region),
                "letterhead": letterhead,
            },
        )
    sections = {s.short_name: s for s in office.sections.all()}
    for order, (short_name, name, duties) in enumerate(defaults.SECTIONS, start=1):
        if short_name not in sections and not office.sections.filter(name=name).exists():
            sections[short_name] = masterdata_save(
                actor=actor,
                office=office,
                instance=Section(),
                values={
                    "short_name": short_name,
                    "name": name,
                    "description": duties,
                    "order": order,
                },
            )
    if not office.categories.exists():
        for order, (name, section_short, description) in enumerate(defaults.CATEGORIES, 1):
            masterdata_save(
                actor=actor,
                office=office,
                instance=Category(),
                values={
                    "name": name,
                    "default_section": sections[section_short],
                    "description": description,
                    "order": order,
                },
            )
    if not office.agencies.exists():
        for short_name, name in defaults.AGENCIES:
            masterdata_save(
                actor=actor,
                office=office,
                instance=Agency(),
                values={"short_name": short_name, "name": name},
            )
    if not office.sla_rules.exists():
        for urgency, answer_days in DEFAULT_ANSWER_DAYS.items():
            masterdata_save(
                actor=actor,
                office=office,
                instance=SlaRule(),
                values={
                    "category": None,
                    "urgency": urgency,
                    "verify_days": DEFAULT_VERIFY_DAYS,
                    "answer_days": answer_days,
                },
            )
    known = set(office.villages.values_list("region_id", flat=True))
    for child in region.children.filter(level__in=VILLAGE_LEVELS).order_by("code"):
        if child.pk in known:
            continue
        masterdata_save(
            actor=actor,
            office=office,
            instance=Village(region=child),
            values={
                "name": child.name,
                "kind": VillageKind.KELURAHAN
                if child.level == RegionLevel.URBAN_VILLAGE
                else VillageKind.DESA,
                "slug": _village_slug(child),
            },
        )
    for hook in OFFICE_SETUP_HOOKS:
        hook(office=office, actor=actor)
    return office
