"""The villages' side of an alert: acknowledging it with the village's state, reporting
later changes of that state, and the escalation of those who did not acknowledge in time."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, InvalidState

from ..models import Delivery, StateReport
from ..values import VillageState
from ..workflow import LIVE
from ._common import alert_url, audit, begin, check_length, issuers, msg, tell, village_people


def _checked(delivery: Delivery, state: str, note: str) -> tuple[str, str]:
    if not delivery.alert.is_live:
        raise InvalidState(
            _("This alert has ended. If your village is affected, send an incident report.")
        )
    if state not in VillageState.values:
        raise DomainError(
            _("Choose your village's state: safe, on alert or affected."), field="state"
        )
    return state, check_length(note, "note")


def _record(acting: Membership, delivery: Delivery, state: str, note: str, *, ack: bool):
    now = clock.now()
    previous = delivery.state
    delivery.state = state
    delivery.state_note = note
    delivery.state_at = now
    StateReport.objects.create(
        delivery=delivery,
        message_number=delivery.message_number,
        acknowledgement=ack,
        state=state,
        note=note,
        reported_by=acting.user,
        reported_at=now,
    )
    return previous


def _tell_if_affected(acting, delivery: Delivery, entry, previous: str) -> None:
    """A village that reports itself affected reaches the camat and Trantib at once."""
    if delivery.state != VillageState.AFFECTED or previous == VillageState.AFFECTED:
        return
    alert = delivery.alert
    tell(
        office=alert.office,
        recipients=issuers(alert.office_id),
        entry=entry,
        key=f"alert:{alert.pk}:village:{delivery.village_id}",
        title=msg(
            gettext_lazy("%(village)s is affected: %(headline)s"),
            village=delivery.village,
            headline=alert.headline,
        ),
        body=delivery.state_note,
        url=alert_url(alert),
        actor=acting.user,
    )


@transaction.atomic
def delivery_acknowledge(
    *, acting: Membership, delivery: Delivery, state: str, note: str = ""
) -> Delivery:
    """One tap from the village: we have seen the alert, and this is our state."""
    begin(acting, "acknowledge", delivery.alert, delivery)
    state, note = _checked(delivery, state, note)
    now = clock.now()
    delivery.acknowledged_at = now
    delivery.acknowledged_by = acting.user
    delivery.first_acknowledged_at = delivery.first_acknowledged_at or now
    previous = _record(acting, delivery, state, note, ack=True)
    delivery.save()
    entry = audit(
        delivery,
        acting.user,
        "delivery.acknowledged",
        office=delivery.alert.office,
        alert=delivery.alert_id,
        village=delivery.village_id,
        message=delivery.message_number,
        state=state,
        note=note,
    )
    _tell_if_affected(acting, delivery, entry, previous)
    return delivery


@transaction.atomic
def delivery_report_state(
    *, acting: Membership, delivery: Delivery, state: str, note: str = ""
) -> Delivery:
    """A later change of the village's state under a live alert, kept as history."""
    begin(acting, "report_state", delivery.alert, delivery)
    state, note = _checked(delivery, state, note)
    previous = _record(acting, delivery, state, note, ack=False)
    delivery.save()
    entry = audit(
        delivery,
        acting.user,
        "delivery.state_reported",
        office=delivery.alert.office,
        old={"state": previous},
        alert=delivery.alert_id,
        village=delivery.village_id,
        state=state,
        note=note,
    )
    _tell_if_affected(acting, delivery, entry, previous)
    return delivery


def deliveries_escalate() -> int:
    """Flag the villages that did not acknowledge a live alert in time, tell them again and
    tell the camat, the secretaries and Trantib which ones (once per village and message:
    an update starts the clock again)."""
    now = clock.now()
    late = (
        Delivery.objects.filter(
            alert__status__in=LIVE,
            alert__expires__gt=now,
            acknowledged_at__isnull=True,
            withdrawn_at__isnull=True,
            escalated_at__isnull=True,
            ack_due__lt=now,
        )
        .select_related("alert__office", "village")
        .order_by("alert_id", "village__name")
    )
    by_alert = defaultdict(list)
    for delivery in late:
        by_alert[delivery.alert].append(delivery)
    count = 0
    for alert, deliveries in by_alert.items():
        with transaction.atomic():
            escalated = [
                d
                for d in deliveries
                if Delivery.objects.filter(
                    pk=d.pk, escalated_at__isnull=True, acknowledged_at__isnull=True
                ).update(escalated_at=now, escalations=F("escalations") + 1)
            ]
            if not escalated:
                continue
            names = ", ".join(str(d.village) for d in escalated)
            entry = audit(
                alert,
                None,
                "alert.escalated",
                office=alert.office,
                villages=[d.village_id for d in escalated],
                message=alert.message_count,
            )
            tell(
                office=alert.office,
                recipients=village_people(d.village_id for d in escalated),
                entry=entry,
                key=f"alert:{alert.pk}:late",
                title=msg(
                    gettext_lazy("NOT YET ACKNOWLEDGED: %(headline)s"), headline=alert.headline
                ),
                body=gettext_lazy(
                    "Your village has not acknowledged this early warning. Open it and "
                    "report your village's state now."
                ),
                url=alert_url(alert),
            )
            tell(
                office=alert.office,
                recipients=issuers(alert.office_id),
                entry=entry,
                key=f"alert:{alert.pk}:late",
                title=msg(
                    gettext_lazy("%(count)s villages have not acknowledged: %(headline)s"),
                    count=len(escalated),
                    headline=alert.headline,
                ),
                body=names,
                url=reverse("alerts:escalations"),
            )
        count += len(escalated)
    return count
