"""Writes to the office master data. Every change is audited."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.offices.audit import audit_entry, audit_record, audit_record_many, diff, snapshot
from apps.regions.models import VILLAGE_LEVELS, Region, RegionLevel

from . import defaults
from .masterdata import OFFICE_SETUP_BULK_HOOKS, OFFICE_SETUP_HOOKS
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


def _office_slug(region: Region, taken: Callable[[str], bool]) -> str:
    slug = slugify(region.name)
    if taken(slug):  # same name in another regency
        slug = slugify(f"{region.name} {region.code.replace('.', ' ')}")
    return slug


def _office_slug_taken(slug: str) -> bool:
    return Office.objects.filter(slug=slug).exists()


def _case_prefix_taken(prefix: str) -> bool:
    return Office.objects.filter(case_prefix=prefix).exists()


def _case_prefix(region: Region, taken: Callable[[str], bool]) -> str:
    """The name's prefix (PRS), or PRS2, PRS3 … when another office has it already (the same
    name in another regency, or names with the same letters), or when another office's
    tracking numbers carry it (`CASE_PREFIX_CLAIMS`)."""
    base = case_prefix_from_name(region.name)
    candidate, number = base, 1
    while taken(candidate) or any(claim(candidate, None) for claim in CASE_PREFIX_CLAIMS):
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _village_slug(region: Region, taken: set[str]) -> str:
    """The name's slug; when the kecamatan has another village of that name already (a desa
    and a kelurahan Sorkam Kanan, two desa Tounelet Satu: the national list has 17 such
    kecamatan), the name with the village's own number."""
    slug = slugify(region.name)
    if slug in taken:
        slug = slugify(f"{region.name} {region.code.rsplit('.', 1)[-1]}")
    return slug


# What a new office starts with. Both set-up paths (`office_setup`, one office with every
# check, and `offices_setup_many`, many new offices in bulk) take their values from here.


def _office_values(region: Region, regency: Region | None, *, slug: str, case_prefix: str):
    letterhead = "\n".join(
        filter(
            None,
            [
                f"PEMERINTAH {regency.name.upper()}" if regency else "",
                f"KECAMATAN {region.name.upper()}",
            ],
        )
    )
    return {
        "name": f"Kecamatan {region.name}",
        "slug": slug,
        "case_prefix": case_prefix,
        "letterhead": letterhead,
    }


def _section_values():
    for order, (short_name, name, duties) in enumerate(defaults.SECTIONS, start=1):
        yield {"short_name": short_name, "name": name, "description": duties, "order": order}


def _category_values(sections: dict[str, Section]):
    for order, (name, section_short, description) in enumerate(defaults.CATEGORIES, 1):
        yield {
            "name": name,
            "default_section": sections[section_short],
            "description": description,
            "order": order,
        }


def _agency_values():
    for short_name, name in defaults.AGENCIES:
        yield {"short_name": short_name, "name": name}


def _sla_values():
    for urgency, answer_days in DEFAULT_ANSWER_DAYS.items():
        yield {
            "category": None,
            "urgency": urgency,
            "verify_days": DEFAULT_VERIFY_DAYS,
            "answer_days": answer_days,
        }


def _village_values(child: Region, *, slug: str):
    kind = VillageKind.KELURAHAN if child.level == RegionLevel.URBAN_VILLAGE else VillageKind.DESA
    return {"name": child.name, "kind": kind, "slug": slug}


@transaction.atomic
def office_setup(*, region: Region, actor=None) -> Office:
    """Create the office of a kecamatan with its default sections, categories, agencies and
    villages. Idempotent: what exists is kept as the admin left it; only what is missing is
    added, so running it again after a region import picks up new villages."""
    if region.level != RegionLevel.DISTRICT:
        raise DomainError(_("An office belongs to a sub-district (kecamatan)."))
    office = Office.objects.filter(region=region).first()
    if office is None:
        office = masterdata_save(
            actor=actor,
            office=None,
            instance=Office(region=region),
            values=_office_values(
                region,
                region.parent,
                slug=_office_slug(region, _office_slug_taken),
                case_prefix=_case_prefix(region, _case_prefix_taken),
            ),
        )
    sections = {s.short_name: s for s in office.sections.all()}
    for values in _section_values():
        short_name = values["short_name"]
        if short_name not in sections and not office.sections.filter(name=values["name"]).exists():
            sections[short_name] = masterdata_save(
                actor=actor, office=office, instance=Section(), values=values
            )
    if not office.categories.exists():
        for values in _category_values(sections):
            masterdata_save(actor=actor, office=office, instance=Category(), values=values)
    if not office.agencies.exists():
        for values in _agency_values():
            masterdata_save(actor=actor, office=office, instance=Agency(), values=values)
    if not office.sla_rules.exists():
        for values in _sla_values():
            masterdata_save(actor=actor, office=office, instance=SlaRule(), values=values)
    known = set(office.villages.values_list("region_id", flat=True))
    slugs = set(office.villages.values_list("slug", flat=True))
    for child in region.children.filter(level__in=VILLAGE_LEVELS).order_by("code"):
        if child.pk in known:
            continue
        slug = _village_slug(child, slugs)
        slugs.add(slug)
        masterdata_save(
            actor=actor,
            office=office,
            instance=Village(region=child),
            values=_village_values(child, slug=slug),
        )
    for hook in OFFICE_SETUP_HOOKS:
        hook(office=office, actor=actor)
    return office


# --- many offices at once -------------------------------------------------------------------

BULK_BATCH = 2000


def masterdata_create_many(
    *, actor, items: Iterable[tuple[Office | None, models.Model, dict[str, Any]]]
) -> list[models.Model]:
    """`masterdata_save` for many new records of one model: the same rows and the same audit
    entries (`<model>.created` with the fields set), in a few queries. `items` are (office,
    new instance, values); an Office's own office is None. Every record's fields are validated
    as `full_clean` would; uniqueness is left to the database's constraints (asking per
    record is what makes the one-by-one path slow). For the set-up of new offices, whose
    records nobody else can be writing at the same time."""
    made = []
    references: list[str] | None = None
    for office, instance, values in items:
        assert instance.pk is None, "masterdata_create_many only creates"
        if references is None:
            # Asking whether each referenced row exists is one query per reference; these
            # point to rows made a moment ago, and the database checks them again anyway.
            fields = instance._meta.concrete_fields
            references = [f.name for f in fields if f.is_relation]
        for name, value in values.items():
            setattr(instance, name, value)
        if isinstance(instance, Office):
            # The prefix's claims were asked when it was chosen (`_case_prefix`).
            instance.clean_fields(exclude=references)
        else:
            instance.office = office
            instance.full_clean(
                exclude=references, validate_unique=False, validate_constraints=False
            )
        made.append(instance)
    if not made:
        return made
    model = type(made[0])
    assert all(type(i) is model for i in made), "one model per call"
    model.objects.bulk_create(made, batch_size=BULK_BATCH)
    fields = _editable_fields(made[0])
    action = f"{model._meta.label_lower}.created"
    audit_record_many(
        [
            audit_entry(
                actor=actor,
                office=instance if isinstance(instance, Office) else instance.office,
                action=action,
                target=instance,
                old=old,
                new=new,
            )
            for instance in made
            for old, new in [diff({}, snapshot(instance, fields))]
        ],
        batch_size=BULK_BATCH,
    )
    return made


def offices_setup_many(
    *,
    regions: Iterable[Region],
    actor=None,
    batch_size: int = 100,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """`office_setup` for many kecamatan: the offices that exist are completed one by one
    by `office_setup`; the new ones are made in bulk, `batch_size` offices per transaction,
    with exactly the rows and audit entries `office_setup` would make (the same values, the
    same slugs and prefixes in the same order, the domains' hooks through their bulk
    counterparts). `progress(done, total)` after each batch. An interrupted run leaves whole
    offices; a second run completes the rest. Returns how many offices it created."""
    regions = list({r.pk: r for r in regions}.values())
    if any(r.level != RegionLevel.DISTRICT for r in regions):
        raise DomainError(_("An office belongs to a sub-district (kecamatan)."))
    have = set(Office.objects.values_list("region_id", flat=True))
    new = [r for r in regions if r.pk not in have]
    done, total = 0, len(regions)
    for region in regions:
        if region.pk in have:
            office_setup(region=region, actor=actor)
            done += 1
            if progress and done % batch_size == 0:
                progress(done, total)
    slugs = set(Office.objects.values_list("slug", flat=True))
    prefixes = set(Office.objects.values_list("case_prefix", flat=True))
    for start in range(0, len(new), batch_size):
        chunk = new[start : start + batch_size]
        with transaction.atomic():
            _offices_create(chunk, actor=actor, slugs=slugs, prefixes=prefixes)
        done += len(chunk)
        if progress:
            progress(done, total)
    return len(new)


def _offices_create(chunk: list[Region], *, actor, slugs: set[str], prefixes: set[str]):
    parents = Region.objects.in_bulk({r.parent_id for r in chunk if r.parent_id})
    items = []
    for region in chunk:
        slug = _office_slug(region, slugs.__contains__)
        prefix = _case_prefix(region, prefixes.__contains__)
        slugs.add(slug)
        prefixes.add(prefix)
        values = _office_values(
            region, parents.get(region.parent_id), slug=slug, case_prefix=prefix
        )
        items.append((None, Office(region=region), values))
    offices = masterdata_create_many(actor=actor, items=items)
    sections = {office.pk: {} for office in offices}
    made = masterdata_create_many(
        actor=actor,
        items=[(office, Section(), values) for office in offices for values in _section_values()],
    )
    for section in made:
        sections[section.office_id][section.short_name] = section
    for model, values_of in (
        (Category, lambda office: _category_values(sections[office.pk])),
        (Agency, lambda office: _agency_values()),
        (SlaRule, lambda office: _sla_values()),
    ):
        masterdata_create_many(
            actor=actor,
            items=[(office, model(), values) for office in offices for values in values_of(office)],
        )
    children = defaultdict(list)
    for child in Region.objects.filter(parent__in=chunk, level__in=VILLAGE_LEVELS).order_by("code"):
        children[child.parent_id].append(child)
    items = []
    for office in offices:
        taken = set()
        for child in children[office.region_id]:
            slug = _village_slug(child, taken)
            taken.add(slug)
            items.append((office, Village(region=child), _village_values(child, slug=slug)))
    masterdata_create_many(actor=actor, items=items)
    for hook in OFFICE_SETUP_HOOKS:
        bulk = OFFICE_SETUP_BULK_HOOKS.get(hook)
        if bulk is not None:
            bulk(offices=offices, actor=actor)
        else:
            for office in offices:
                hook(office=office, actor=actor)
    return offices
