"""The office's side of an alert: draft, edit, issue, update, cancel; expiry by the clock.

Issuing, updating and cancelling each publish one CAP message (`AlertMessage`), written
once and kept as published; an update and a cancellation reference every earlier message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.offices.audit import diff
from apps.offices.models import Village

from .. import policy
from ..cap.build import Envelope, Reference, cap_document, sender_of
from ..models import Alert, AlertMessage, Delivery
from ..selectors import alert_targets as targets_of
from ..values import HAZARDS, CapCategory, Certainty, Hazard, Scope, Severity, Urgency
from ..workflow import LIVE, STATES, Status
from ._common import alert_url, audit, begin, check_length, issuers, msg, tell, village_people


@dataclass
class AlertInput:
    """The content of an alert, as a form or the API hands it over (objects, not ids)."""

    hazard: str
    severity: str
    urgency: str
    certainty: str
    headline: str
    description: str
    expires: datetime
    instruction: str = ""
    area_description: str = ""
    scope: str = Scope.PUBLIC
    is_exercise: bool = False
    all_villages: bool = False
    villages: list[Village] = field(default_factory=list)
    effective: datetime | None = None
    ack_minutes: int | None = None
    category: str = ""  # empty: the hazard's CAP category


CONTENT = (
    "hazard",
    "category",
    "severity",
    "urgency",
    "certainty",
    "scope",
    "is_exercise",
    "headline",
    "description",
    "instruction",
    "area_description",
    "all_villages",
    "effective",
    "expires",
    "ack_minutes",
)


def content_of(alert: Alert) -> dict:
    """The alert's content as JSON-ready values, its target villages included."""
    values = {}
    for name in CONTENT:
        value = getattr(alert, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    values["villages"] = sorted(alert.villages.values_list("pk", flat=True)) if alert.pk else []
    return values


def _choice(value, choices, field_name: str, message) -> str:
    if value not in choices.values:
        raise DomainError(message, field=field_name)
    return value


def _apply(alert: Alert, values: AlertInput) -> list[Village]:
    """Check the content and put it on the alert; returns the chosen villages."""
    _choice(values.hazard, Hazard, "hazard", _("Choose a hazard."))
    _choice(values.severity, Severity, "severity", _("Choose a severity."))
    _choice(values.urgency, Urgency, "urgency", _("Choose an urgency."))
    _choice(values.certainty, Certainty, "certainty", _("Choose a certainty."))
    _choice(values.scope, Scope, "scope", _("Choose who may read the alert."))
    category = values.category or HAZARDS[values.hazard].category
    _choice(category, CapCategory, "category", _("Choose a CAP category."))
    headline = check_length(values.headline, "headline")
    description = check_length(values.description, "description")
    if not headline:
        raise DomainError(_("Write the headline villagers will read first."), field="headline")
    if not description:
        raise DomainError(_("Describe what is happening."), field="description")
    if values.effective and values.expires <= values.effective:
        raise DomainError(_("An alert expires after it takes effect."), field="expires")
    if values.ack_minutes is not None and not 5 <= values.ack_minutes <= 4320:
        raise DomainError(
            _("Give villages between 5 minutes and 3 days to acknowledge."), field="ack_minutes"
        )
    villages = list(dict.fromkeys(values.villages))
    if any(v.office_id != alert.office_id for v in villages):
        raise DomainError(_("Choose villages of this sub-district."), field="villages")
    alert.hazard = values.hazard
    alert.category = category
    alert.severity = values.severity
    alert.urgency = values.urgency
    alert.certainty = values.certainty
    alert.scope = values.scope
    alert.is_exercise = bool(values.is_exercise)
    alert.headline = headline
    alert.description = description
    alert.instruction = check_length(values.instruction, "instruction")
    alert.area_description = check_length(values.area_description, "area_description")
    alert.all_villages = bool(values.all_villages)
    alert.effective = values.effective
    alert.expires = values.expires
    alert.ack_minutes = values.ack_minutes
    return villages


def _store_villages(alert: Alert, villages: list[Village]) -> None:
    """The targets as chosen; "all villages" records every village of the office."""
    alert.villages.set(alert.office.villages.all() if alert.all_villages else villages)


@transaction.atomic
def alert_create(
    *,
    acting: Membership,
    values: AlertInput,
    issue: bool = False,
    source: dict | None = None,
) -> Alert:
    """Draft an alert (and issue it at once with `issue`). `source` carries the fields of
    another authority's CAP message it was drafted from."""
    if not policy.can_issue(acting):
        raise NotAllowed(_("Alerts are issued by Trantib officers, the secretary and the camat."))
    alert = Alert(office=acting.office, created_by=acting.user, status=Status.DRAFT)
    villages = _apply(alert, values)
    for name, value in (source or {}).items():
        setattr(alert, name, value)
    alert.save()
    _store_villages(alert, villages)
    audit(
        alert,
        acting.user,
        "alert.imported" if source else "alert.drafted",
        office=alert.office,
        **content_of(alert),
    )
    if issue:
        alert_issue(acting=acting, alert=alert)
    return alert


@transaction.atomic
def alert_edit(*, acting: Membership, alert: Alert, values: AlertInput) -> Alert:
    begin(acting, "edit", alert)
    before = content_of(alert)
    villages = _apply(alert, values)
    alert.save()
    _store_villages(alert, villages)
    old, new = diff(before, content_of(alert))
    if new:
        audit(alert, acting.user, "alert.edited", office=alert.office, old=old, **new)
    return alert


def _publish(alert: Alert, *, msg_type: str, sent, villages, note: str = "") -> AlertMessage:
    """Write the next CAP message of the alert, referencing every earlier one."""
    number = alert.message_count + 1
    sender = sender_of(alert.office)
    references = tuple(
        Reference(sender, m.identifier, m.sent) for m in alert.messages.order_by("number")
    )
    envelope = Envelope(
        identifier=f"{alert.code}-{number}",
        sent=sent,
        msg_type=msg_type,
        status="Exercise" if alert.is_exercise else "Actual",
        references=references if msg_type != "Alert" else (),
        note=note,
    )
    message = AlertMessage.objects.create(
        alert=alert,
        number=number,
        identifier=envelope.identifier,
        msg_type=msg_type,
        sent=sent,
        xml=cap_document(alert, envelope, villages).decode("utf-8"),
    )
    alert.message_count = number
    alert.last_message_at = sent
    return message


def _due(alert: Alert, now):
    return now + alert.ack_window(policy.office_settings(alert.office_id))


def _warning_text(alert: Alert, due, lead: str = "") -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    parts = [lead, alert.description] if lead else [alert.description]
    if alert.instruction:
        parts.append(f"{_('What to do')}: {alert.instruction}")
    parts.append(
        _("Acknowledge and report your village's state before %(time)s.")
        % {"time": date_format(timezone.localtime(due), "DATETIME_FORMAT")}
    )
    return "\n\n".join(parts)


# Written when the notification is sent, in the product's language.
_warning_body = lazy(_warning_text, str)


def _title(alert: Alert, kind) -> str:
    return msg(
        gettext_lazy("%(prefix)s%(kind)s %(hazard)s: %(headline)s"),
        prefix=gettext_lazy("[EXERCISE] ") if alert.is_exercise else "",
        kind=kind,
        hazard=alert.get_hazard_display(),
        headline=alert.headline,
    )


@transaction.atomic
def alert_issue(*, acting: Membership, alert: Alert) -> Alert:
    """Send the alert to its villages: one delivery each, a CAP message, notifications."""
    begin(acting, "issue", alert)
    now = clock.now()
    if alert.expires <= now:
        raise DomainError(_("The expiry time has passed: set a later one first."), field="expires")
    villages = targets_of(alert)
    if not villages:
        raise DomainError(_("Choose at least one village."), field="villages")
    old = alert.status
    alert.status = Status.ISSUED
    alert.issued_at = now
    alert.issued_by = acting.user
    alert.effective = alert.effective or now
    due = _due(alert, now)
    Delivery.objects.bulk_create(
        [Delivery(alert=alert, village=v, ack_due=due, created_at=now) for v in villages]
    )
    message = _publish(alert, msg_type="Alert", sent=now, villages=villages)
    alert.save()
    entry = audit(
        alert,
        acting.user,
        "alert.issued",
        office=alert.office,
        old={"status": old},
        status=alert.status,
        villages=[v.pk for v in villages],
        message=message.identifier,
        ack_due=due,
    )
    tell(
        office=alert.office,
        recipients=village_people(v.pk for v in villages),
        entry=entry,
        key=f"alert:{alert.pk}",
        title=_title(alert, gettext_lazy("EARLY WARNING")),
        body=_warning_body(alert, due),
        url=alert_url(alert),
        actor=acting.user,
    )
    tell(
        office=alert.office,
        recipients=issuers(alert.office_id),
        entry=entry,
        key=f"alert:{alert.pk}",
        title=msg(
            gettext_lazy("Alert issued to %(count)s villages: %(headline)s"),
            count=len(villages),
            headline=alert.headline,
        ),
        url=alert_url(alert),
        actor=acting.user,
    )
    return alert


@transaction.atomic
def alert_update(
    *, acting: Membership, alert: Alert, values: AlertInput, change_note: str
) -> Alert:
    """Publish a change: villages see what changed and acknowledge again; added villages
    get the alert, removed ones are told they are no longer addressed."""
    begin(acting, "update", alert)
    change_note = check_length(change_note, "note", field="change_note")
    if not change_note:
        raise DomainError(
            _("Say what changed, in a sentence the villages will read."), field="change_note"
        )
    now = clock.now()
    before = content_of(alert)
    villages = _apply(alert, values)
    if alert.expires <= now:
        raise DomainError(_("The expiry time has passed: set a later one."), field="expires")
    _store_villages(alert, villages)
    targets = targets_of(alert)
    if not targets:
        raise DomainError(_("Choose at least one village."), field="villages")
    old_status = alert.status
    alert.status = Status.UPDATED
    alert.change_summary = change_note
    number = alert.message_count + 1
    due = _due(alert, now)
    existing = {d.village_id: d for d in alert.deliveries.all()}
    wanted = {v.pk for v in targets}
    changed, added, removed = [], [], []
    for village in targets:
        delivery = existing.get(village.pk)
        if delivery is None:
            added.append(
                Delivery(
                    alert=alert, village=village, ack_due=due, created_at=now, message_number=number
                )
            )
            continue
        delivery.withdrawn_at = None
        delivery.acknowledged_at = None
        delivery.acknowledged_by = None
        delivery.escalated_at = None
        delivery.ack_due = due
        delivery.message_number = number
        changed.append(delivery)
    for village_id, delivery in existing.items():
        if village_id not in wanted and delivery.withdrawn_at is None:
            delivery.withdrawn_at = now
            changed.append(delivery)
            removed.append(village_id)
    Delivery.objects.bulk_create(added)
    Delivery.objects.bulk_update(
        changed,
        ["withdrawn_at", "acknowledged_at", "acknowledged_by", "escalated_at", "ack_due",
         "message_number"],
    )  # fmt: skip
    message = _publish(alert, msg_type="Update", sent=now, villages=targets, note=change_note)
    alert.save()
    old, new = diff(before, content_of(alert))
    entry = audit(
        alert,
        acting.user,
        "alert.updated",
        office=alert.office,
        old={**old, "status": old_status},
        **new,
        status=alert.status,
        change_note=change_note,
        added=[d.village_id for d in added],
        removed=removed,
        message=message.identifier,
        ack_due=due,
    )
    tell(
        office=alert.office,
        recipients=village_people(wanted),
        entry=entry,
        key=f"alert:{alert.pk}",
        title=_title(alert, gettext_lazy("UPDATED WARNING")),
        body=_warning_body(alert, due, change_note),
        url=alert_url(alert),
        actor=acting.user,
    )
    if removed:
        tell(
            office=alert.office,
            recipients=village_people(removed),
            entry=entry,
            key=f"alert:{alert.pk}:removed",
            title=msg(
                gettext_lazy("Your village is no longer addressed by the alert: %(headline)s"),
                headline=alert.headline,
            ),
            body=change_note,
            url=alert_url(alert),
            actor=acting.user,
        )
    return alert


@transaction.atomic
def alert_cancel(*, acting: Membership, alert: Alert, reason: str) -> Alert:
    """Withdraw the alert. A draft is discarded; a published alert gets a CAP Cancel
    message and its villages are told."""
    begin(acting, "cancel", alert)
    reason = check_length(reason, "reason")
    if not reason:
        raise DomainError(_("Say why the alert is cancelled."), field="reason")
    now = clock.now()
    old = alert.status
    published = STATES[old].published
    alert.status = Status.CANCELLED
    alert.cancel_reason = reason
    alert.ended_at = now
    villages = []
    message = None
    if published:
        active = alert.deliveries.filter(withdrawn_at__isnull=True)
        villages = list(
            Village.objects.filter(pk__in=active.values("village_id"))
            .select_related("region")
            .order_by("kind", "name")
        )
        message = _publish(alert, msg_type="Cancel", sent=now, villages=villages, note=reason)
    alert.save()
    entry = audit(
        alert,
        acting.user,
        "alert.cancelled" if published else "alert.discarded",
        office=alert.office,
        old={"status": old},
        status=alert.status,
        reason=reason,
        message=message.identifier if message else None,
    )
    if published:
        tell(
            office=alert.office,
            recipients=village_people(v.pk for v in villages),
            entry=entry,
            key=f"alert:{alert.pk}",
            title=_title(alert, gettext_lazy("CANCELLED")),
            body=reason,
            url=alert_url(alert),
            actor=acting.user,
        )
    return alert


@transaction.atomic
def alert_expire(*, acting: Membership | None = None, alert: Alert) -> Alert:
    """The clock ends a live alert at its expiry time (the periodic task, acting None)."""
    begin(acting, "expire", alert)
    if alert.expires > clock.now():
        raise InvalidState(_("The alert has not reached its expiry time."))
    old = alert.status
    alert.status = Status.EXPIRED
    alert.ended_at = clock.now()
    alert.save()
    audit(
        alert, None, "alert.expired", office=alert.office, old={"status": old}, status=alert.status
    )
    return alert


def alerts_expire_due() -> int:
    """End every live alert past its expiry time; returns how many ended."""
    ended = 0
    for alert in Alert.objects.filter(status__in=LIVE, expires__lte=clock.now()).select_related(
        "office"
    ):
        try:
            alert_expire(acting=None, alert=alert)
        except InvalidState:  # updated with a later expiry meanwhile
            continue
        ended += 1
    return ended
