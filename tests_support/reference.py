"""The reference data of offices as comparable values: every row that belongs to them (the
office, its sections, categories, villages…, the domains' defaults, its audit entries, its
people), without ids and timestamps, each reference to another row replaced by that row's
own values (a region by its code, a person by the username). Two sets of offices built by
different paths compare equal when they hold the same rows."""

from __future__ import annotations

import json
from collections import Counter

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q

from apps.accounts.models import Membership, User
from apps.offices.masterdata import MASTER_KINDS
from apps.offices.models import AuditLog, Office
from apps.regions.models import Region, RegionLevel


def _reference_models() -> list[type[models.Model]]:
    """The office's master data (every kind of the Kelola pages: sections, categories,
    villages, rooms, report obligations…), its seeded articles and its people's memberships."""
    from apps.knowledge.models import Article

    kinds = {kind.model for kind in MASTER_KINDS.values()}
    return sorted(kinds | {Article, Membership}, key=lambda m: m._meta.label_lower)


def _value(obj: models.Model | None, depth: int = 0):
    """A row as plain values: ids and times left out, references followed."""
    if obj is None:
        return None
    if isinstance(obj, Region):
        return obj.code
    if isinstance(obj, Office):
        return f"office {obj.region.code}"
    if isinstance(obj, User):
        return f"user {obj.username}"
    values = {"model": obj._meta.label_lower}
    for field in obj._meta.concrete_fields:
        if field.primary_key or isinstance(field, models.DateTimeField):
            continue
        if field.is_relation:
            target = getattr(obj, field.name)
            deep = depth >= 4 and target is not None
            values[field.name] = target.pk if deep else _value(target, depth + 1)
        else:
            values[field.name] = field.value_to_string(obj)
    return values


def _audit_value(entry: AuditLog):
    model = apps.get_model(entry.target_type)
    target = model.objects.filter(pk=entry.target_id).first()

    def resolve(key, value):
        try:
            field = model._meta.get_field(key)
        except Exception:  # noqa: BLE001 - not a field
            return value
        if field.is_relation and value is not None:
            return _value(field.related_model.objects.filter(pk=value).first())
        return value

    return {
        "model": "offices.auditlog",
        "actor": _value(entry.actor),
        "office": _value(entry.office),
        "action": entry.action,
        "target": _value(target),
        "target_repr": entry.target_repr,
        "old": {k: resolve(k, v) for k, v in entry.old.items()},
        "new": {k: resolve(k, v) for k, v in entry.new.items()},
    }


def offices_reference(offices) -> dict[str, Counter]:
    """Per model, the multiset of the rows of these offices (as JSON strings)."""
    offices = list(offices)
    rows: dict[str, Counter] = {}

    def add(label, value):
        rows.setdefault(label, Counter())[json.dumps(value, sort_keys=True, default=str)] += 1

    for office in offices:
        # The directory's version counts the changes each path happened to make (signals on
        # every saved row, none on bulk inserts): a cache key, not reference data.
        row = _row(office, leave_out=("directory_version",)) | {"region": office.region.code}
        add("offices.office", row)
    labels = {"offices.office"}
    for model in _reference_models():
        labels.add(model._meta.label_lower)
        for obj in model.objects.filter(office__in=offices):
            add(model._meta.label_lower, _value(obj))
    regencies = {office.region.parent_id for office in offices}
    inspectors = Membership.objects.filter(office=None, regency__in=regencies)
    for membership in inspectors:
        add("accounts.membership", _value(membership))
    for entry in AuditLog.objects.filter(office__in=offices, target_type__in=labels):
        add("offices.auditlog", _audit_value(entry))
    people = User.objects.filter(
        Q(memberships__office__in=offices) | Q(memberships__in=inspectors)
    ).distinct()
    for user in people:
        # The password's hash has a random salt: the same password hashes differently.
        add("accounts.user", _row(user, leave_out=("password",)))
    return rows


def _row(obj: models.Model, leave_out=()) -> dict:
    """The row's own values (no references, no id, no times)."""
    return {
        f.name: f.value_to_string(obj)
        for f in obj._meta.concrete_fields
        if not f.is_relation
        and not f.primary_key
        and not isinstance(f, models.DateTimeField)
        and f.name not in leave_out
    }


class _Rollback(Exception):
    pass


def reference_built_by(build, codes) -> dict[str, Counter]:
    """The reference data `build()` leaves for the offices of the kecamatan `codes`; then
    everything it did is rolled back, so another path can build the same offices."""
    try:
        with transaction.atomic():
            build()
            reference = offices_reference(
                Office.objects.filter(region__code__in=codes).select_related("region")
            )
            raise _Rollback
    except _Rollback:
        return reference


def make_namesake_kecamatan() -> list[str]:
    """Province 99 with two regencies, each with a kecamatan named like the house's (Paringin
    Selatan); the first has a desa and a kelurahan of one name (as 17 kecamatan of the
    national list). Returns the two kecamatan's codes."""
    from tests_support.factories import RegionFactory

    province = RegionFactory(code="99", name="Provinsi Uji", level=RegionLevel.PROVINCE)
    codes = []
    for n in (1, 2):
        regency = RegionFactory(
            code=f"99.0{n}", name=f"Kabupaten Uji {n}", level=RegionLevel.REGENCY, parent=province
        )
        district = RegionFactory(
            code=f"99.0{n}.01", name="Paringin Selatan", level=RegionLevel.DISTRICT, parent=regency
        )
        codes.append(district.code)
        villages = [("2001", "Inan", RegionLevel.VILLAGE)]
        villages.append(("1001", "Kota", RegionLevel.URBAN_VILLAGE))
        if n == 1:
            villages.append(("2002", "Kota", RegionLevel.VILLAGE))
        for suffix, name, level in villages:
            RegionFactory(code=f"{district.code}.{suffix}", name=name, level=level, parent=district)
    return codes
