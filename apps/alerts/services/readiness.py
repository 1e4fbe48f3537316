"""A village's readiness (*kesiapsiagaan*): its emergency contacts, evacuation points and
assets, and the checklist with the date of its last review."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError
from apps.offices.audit import diff, snapshot
from apps.offices.models import Village

from .. import policy
from ..models import (
    EmergencyContact,
    EvacuationPoint,
    ReadinessAsset,
    ReadinessCheck,
    ReadinessItem,
)
from ._common import audit

RECORD_MODELS = (EmergencyContact, EvacuationPoint, ReadinessAsset)


def _fields(instance: models.Model) -> list[str]:
    return [
        f.name
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("office", "village", "updated_at")
    ]


@transaction.atomic
def readiness_record_save(
    *, acting: Membership, village: Village, instance: models.Model, values: dict
) -> models.Model:
    """Create or change one contact, evacuation point or asset of the village (forms have
    validated `values`); audits what changed."""
    if not isinstance(instance, RECORD_MODELS):
        raise TypeError(type(instance))
    policy.readiness_require(acting, village)
    if instance.pk is not None:
        instance = type(instance).objects.select_for_update().get(pk=instance.pk)
        if instance.village_id != village.pk:
            raise DomainError(_("This record belongs to another village."))
    creating = instance.pk is None
    fields = _fields(instance)
    before = {} if creating else snapshot(instance, fields)
    for name, value in values.items():
        if name in fields:
            setattr(instance, name, value)
    instance.office_id = village.office_id
    instance.village = village
    try:
        instance.full_clean()
    except ValidationError as error:  # input from a door that did not validate (the API)
        field, problems = next(iter(error.message_dict.items()))
        raise DomainError(
            problems[0], field=None if field == NON_FIELD_ERRORS else field
        ) from error
    instance.save()
    old, new = diff(before, snapshot(instance, fields))
    if creating or new:
        audit(
            instance,
            acting.user,
            f"readiness.{instance._meta.model_name}.{'created' if creating else 'updated'}",
            office=village.office,
            old=old,
            village=village.pk,
            **new,
        )
    return instance


@transaction.atomic
def readiness_record_delete(*, acting: Membership, instance: models.Model) -> None:
    if not isinstance(instance, RECORD_MODELS):
        raise TypeError(type(instance))
    village = instance.village
    policy.readiness_require(acting, village)
    audit(
        instance,
        acting.user,
        f"readiness.{instance._meta.model_name}.deleted",
        office=village.office,
        old=snapshot(instance, _fields(instance)),
        village=village.pk,
    )
    instance.delete()


@transaction.atomic
def readiness_checklist_review(
    *, acting: Membership, village: Village, items: dict[str, tuple[bool, str]]
) -> list[ReadinessCheck]:
    """Review the whole checklist: every item gets today's date as its last review, with
    whether it is in place and a note."""
    policy.readiness_require(acting, village)
    unknown = set(items) - set(ReadinessItem.values)
    if unknown:
        raise DomainError(_("Unknown checklist item."))
    today = clock.today()
    existing = {
        c.item: c for c in ReadinessCheck.objects.select_for_update().filter(village=village)
    }
    old, new, saved = {}, {}, []
    for item in ReadinessItem.values:
        if item not in items:
            continue
        in_place, note = items[item]
        note = (note or "").strip()[:255]
        check = existing.get(item) or ReadinessCheck(
            office_id=village.office_id, village=village, item=item
        )
        if check.pk is not None and (check.in_place, check.note) != (bool(in_place), note):
            old[item] = check.in_place
            new[item] = bool(in_place)
        elif check.pk is None:
            new[item] = bool(in_place)
        check.in_place = bool(in_place)
        check.note = note
        check.reviewed_on = today
        check.reviewed_by = acting.user
        check.save()
        saved.append(check)
    audit(
        village,
        acting.user,
        "readiness.reviewed",
        office=village.office,
        old=old,
        reviewed_on=today,
        **new,
    )
    return saved
