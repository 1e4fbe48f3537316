"""Incident reports (*laporan kejadian*): a village reports, the office verifies or rejects,
may refer the incident to BPBD and record the outcome, and closes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.core.uploads import store_documents
from apps.offices.models import Agency, Village

from .. import policy
from ..models import Alert, Incident, IncidentPhoto, IncidentReferral
from ..uploads import check_photos
from ..values import Hazard
from ..workflow import INCIDENT_STEPS, PUBLISHED, IncidentStatus
from ._common import (
    audit,
    begin_incident,
    check_length,
    incident_url,
    issuers,
    msg,
    tell,
    village_people,
)


@dataclass
class IncidentInput:
    village: Village
    hazard: str
    occurred_at: datetime
    place: str
    description: str
    people_affected: int = 0
    people_displaced: int = 0
    houses_damaged: int = 0
    facilities_damaged: str = ""
    needs: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    alert: Alert | None = None


@dataclass
class ReportResult:
    incident: Incident
    created: bool


def _tell_village(incident: Incident, entry, title, body: str = "", actor=None) -> None:
    tell(
        office=incident.office,
        recipients=village_people([incident.village_id]),
        entry=entry,
        key=f"incident:{incident.pk}",
        title=msg(
            gettext_lazy("Incident report %(code)s: %(what)s"), code=incident.code, what=title
        ),
        body=body,
        url=incident_url(incident),
        actor=actor,
    )


# An incident is reported while it matters: within a year of when it happened.
REPORT_WITHIN = timedelta(days=366)


def _check(acting: Membership, values: IncidentInput) -> None:
    if not policy.incident_villages_for(acting).filter(pk=values.village.pk).exists():
        raise DomainError(_("Choose your own village."), field="village")
    if values.hazard not in Hazard.values:
        raise DomainError(_("Choose what happened."), field="hazard")
    if values.occurred_at > clock.now() + timedelta(minutes=10):
        raise DomainError(
            _("The time of the incident cannot be in the future."), field="occurred_at"
        )
    if values.occurred_at < clock.now() - REPORT_WITHIN:
        # A year typed wrong (0024 for 2024) would be kept, and shown, as a time of long ago.
        raise DomainError(
            _("The incident happened more than a year ago: check the year."), field="occurred_at"
        )
    if not values.place.strip():
        raise DomainError(_("Say where it happened."), field="place")
    if not values.description.strip():
        raise DomainError(_("Describe what happened."), field="description")
    if (values.latitude is None) != (values.longitude is None):
        raise DomainError(_("Give both latitude and longitude, or neither."), field="latitude")
    if values.latitude is not None and not (
        -90 <= values.latitude <= 90 and -180 <= values.longitude <= 180
    ):
        raise DomainError(
            _("A latitude is from -90 to 90 and a longitude from -180 to 180."), field="latitude"
        )
    if values.alert is not None and (
        values.alert.office_id != values.village.office_id
        or values.alert.status not in PUBLISHED
        or not values.alert.deliveries.filter(village=values.village).exists()
    ):
        raise DomainError(_("Choose an alert that was sent to this village."), field="alert")


@transaction.atomic
def incident_report(
    *,
    acting: Membership,
    values: IncidentInput,
    photos=None,
    idempotency_key: str = "",
) -> ReportResult:
    """A village (or Trantib, taking it by phone) reports an incident. Sending the same
    form twice (a double tap, a retry on a weak signal) makes one report."""
    if not policy.can_report_incident(acting):
        raise NotAllowed(_("Incident reports come from villages and the Trantib section."))
    if idempotency_key:
        existing = Incident.objects.filter(
            reported_by=acting.user, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return ReportResult(existing, created=False)
    _check(acting, values)
    checked = check_photos(photos)
    incident = Incident(
        office=values.village.office,
        village=values.village,
        alert=values.alert,
        hazard=values.hazard,
        occurred_at=values.occurred_at,
        place=values.place.strip()[:255],
        latitude=values.latitude,
        longitude=values.longitude,
        description=check_length(values.description, "description"),
        people_affected=values.people_affected or 0,
        people_displaced=values.people_displaced or 0,
        houses_damaged=values.houses_damaged or 0,
        facilities_damaged=check_length(values.facilities_damaged, "facilities_damaged"),
        needs=check_length(values.needs, "needs"),
        reported_by=acting.user,
        reported_at=clock.now(),
        idempotency_key=idempotency_key[:64],
    )
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:  # the same key, sent at the same moment from another request
        existing = Incident.objects.get(reported_by=acting.user, idempotency_key=idempotency_key)
        return ReportResult(existing, created=False)
    store_documents(IncidentPhoto, checked, uploaded_by=acting.user, incident=incident)
    entry = audit(
        incident,
        acting.user,
        "incident.reported",
        office=incident.office,
        status=incident.status,
        village=incident.village_id,
        hazard=incident.hazard,
        alert=incident.alert_id,
        people_affected=incident.people_affected,
        houses_damaged=incident.houses_damaged,
        photos=len(checked),
    )
    tell(
        office=incident.office,
        recipients=issuers(incident.office_id),
        entry=entry,
        key=f"incident:{incident.pk}",
        title=msg(
            gettext_lazy("Incident in %(village)s: %(hazard)s at %(place)s"),
            village=incident.village,
            hazard=incident.get_hazard_display(),
            place=incident.place,
        ),
        body=incident.description,
        url=incident_url(incident),
        actor=acting.user,
    )
    return ReportResult(incident, created=True)


def _audit_step(incident, acting, verb: str, old: str, **values):
    return audit(
        incident,
        acting.user,
        f"incident.{verb}",
        office=incident.office,
        old={"status": old} if old != incident.status else None,
        status=incident.status,
        **values,
    )


@transaction.atomic
def incident_verify(*, acting: Membership, incident: Incident) -> Incident:
    begin_incident(acting, "verify", incident)
    old = incident.status
    incident.status = IncidentStatus.VERIFIED
    incident.verified_at = clock.now()
    incident.save()
    entry = _audit_step(incident, acting, "verified", old)
    _tell_village(incident, entry, gettext_lazy("verified by the sub-district"), actor=acting.user)
    return incident


@transaction.atomic
def incident_reject(*, acting: Membership, incident: Incident, reason: str) -> Incident:
    begin_incident(acting, "reject", incident)
    reason = check_length(reason, "reason")
    if not reason:
        raise DomainError(_("A rejection needs a reason."), field="reason")
    old = incident.status
    incident.status = IncidentStatus.REJECTED
    incident.reason = reason
    incident.closed_at = clock.now()
    incident.save()
    entry = _audit_step(incident, acting, "rejected", old, reason=reason)
    _tell_village(incident, entry, gettext_lazy("rejected"), reason, actor=acting.user)
    return incident


@transaction.atomic
def incident_refer(
    *,
    acting: Membership,
    incident: Incident,
    agency: Agency | None = None,
    letter_number: str = "",
    note: str = "",
) -> Incident:
    """Hand the incident to BPBD (or the agency the office chose) with a letter number."""
    begin_incident(acting, "refer", incident)
    agency = agency or policy.referral_agency(incident.office_id)
    if agency is None or agency.office_id != incident.office_id or not agency.is_active:
        raise DomainError(_("Choose an agency of this office."), field="agency")
    note = check_length(note, "note")
    old = incident.status
    IncidentReferral.objects.create(
        incident=incident,
        agency=agency,
        letter_number=letter_number.strip()[:80],
        note=note,
        referred_by=acting.user,
        referred_at=clock.now(),
    )
    incident.status = IncidentStatus.REFERRED
    incident.save()
    entry = _audit_step(
        incident, acting, "referred", old, agency=agency.pk, letter_number=letter_number, note=note
    )
    _tell_village(
        incident,
        entry,
        msg(gettext_lazy("referred to %(agency)s"), agency=agency.name),
        note,
        actor=acting.user,
    )
    return incident


@transaction.atomic
def incident_record_outcome(*, acting: Membership, incident: Incident, outcome: str) -> Incident:
    begin_incident(acting, "referral_outcome", incident)
    outcome = check_length(outcome, "outcome")
    if not outcome:
        raise DomainError(_("Write what the agency did."), field="outcome")
    referral = incident.referral
    referral.outcome = outcome
    referral.outcome_at = clock.now()
    referral.save()
    entry = _audit_step(incident, acting, "referral_outcome", incident.status, outcome=outcome)
    _tell_village(incident, entry, gettext_lazy("outcome of the referral"), outcome, acting.user)
    return incident


@transaction.atomic
def incident_close(*, acting: Membership, incident: Incident, note: str) -> Incident:
    begin_incident(acting, "close", incident)
    note = check_length(note, "note")
    if not note:
        raise DomainError(_("Say how the incident was handled."), field="note")
    old = incident.status
    incident.status = IncidentStatus.CLOSED
    incident.close_note = note
    incident.closed_at = clock.now()
    incident.save()
    entry = _audit_step(incident, acting, "closed", old, note=note)
    _tell_village(incident, entry, gettext_lazy("handled"), note, actor=acting.user)
    return incident


def incident_take_step(*, step: str, acting: Membership, incident: Incident, **values):
    """The one entry point the incident page and the API share."""
    if step not in INCIDENT_STEPS:
        raise KeyError(step)
    return globals()[INCIDENT_STEPS[step].service](acting=acting, incident=incident, **values)
