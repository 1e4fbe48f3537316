"""Writing the audit log. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models import Max, OuterRef, Subquery
from django.db.models.fields.files import FieldFile

from apps.core import clock

from .models import AuditLog, Office


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The JSON-ready values of `fields` on `instance` (foreign keys as their ids)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _json_value(getattr(instance, attname))
    return values


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose value changed, as (old, new)."""
    changed = [key for key in new if old.get(key) != new[key]]
    return {k: old.get(k) for k in changed}, {k: new[k] for k in changed}


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    office=None,
    old: dict | None = None,
    new: dict | None = None,
) -> AuditLog:
    entry = audit_entry(actor=actor, action=action, target=target, office=office, old=old, new=new)
    entry.save(force_insert=True)
    return entry


def audit_record_many(entries: list[AuditLog], *, batch_size: int = 2000) -> None:
    """Write entries made by `audit_entry` in bulk (the bulk set-up of many offices)."""
    AuditLog.objects.bulk_create(entries, batch_size=batch_size)


def audit_entry(
    *,
    actor,
    action: str,
    target: models.Model,
    office=None,
    old: dict | None = None,
    new: dict | None = None,
) -> AuditLog:
    """The entry `audit_record` writes, not saved yet."""
    return AuditLog(
        created_at=clock.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        office=office,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        old={k: _json_value(v) for k, v in (old or {}).items()},
        new={k: _json_value(v) for k, v in (new or {}).items()},
    )


def audit_trail_for(target: models.Model):
    """The history of one object, oldest first."""
    return (
        AuditLog.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )


def last_change(office_ids) -> int:
    """The number of the latest audit entry of these offices (0 for none): every change that
    a service makes in an office writes one, so a figure counted when this was N still holds
    while it is N. One index probe per office, in one query."""
    latest = AuditLog.objects.filter(office=OuterRef("pk")).order_by("-id").values("id")[:1]
    found = (
        Office.objects.filter(pk__in=list(office_ids))
        .annotate(latest=Subquery(latest))
        .aggregate(last=Max("latest"))
    )
    return found["last"] or 0


def offices_state(offices) -> tuple:
    """What figures counted over these offices depend on, for a cache key: each office with
    its directory version (the names they show) and the offices' latest change."""
    offices = list(offices)
    return (
        tuple(sorted((office.pk, office.directory_version) for office in offices)),
        last_change(office.pk for office in offices),
    )
