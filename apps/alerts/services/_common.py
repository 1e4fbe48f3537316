"""What every early-warning service shares: the row locks and the step checks, the audit
entry, telling the people concerned (in Indonesian, through the outbox), text limits."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.accounts.models import Membership, Role
from apps.core.errors import DomainError
from apps.notifications.services import notify
from apps.offices.audit import audit_record
from apps.offices.models import AuditLog

from .. import policy
from ..models import TEXT_LIMITS, Alert, Delivery, Incident


def check_length(value: str, kind: str, field: str | None = None) -> str:
    """Refuse text longer than `TEXT_LIMITS[kind]`, from any door (page or API)."""
    limit = TEXT_LIMITS[kind]
    if len(value or "") > limit:
        raise DomainError(
            _("Shorten this text to %(limit)s characters (it has %(count)s).")
            % {"limit": limit, "count": len(value)},
            field=field or kind,
        )
    return (value or "").strip()


def _refresh(instance, locked) -> None:
    instance.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in type(instance)._meta.concrete_fields}
    )


def lock_alert(alert: Alert) -> Alert:
    """Re-read the alert under a row lock so two people cannot change it at once."""
    _refresh(alert, Alert.objects.select_for_update().get(pk=alert.pk))
    return alert


def lock_delivery(delivery: Delivery) -> Delivery:
    _refresh(delivery, Delivery.objects.select_for_update().get(pk=delivery.pk))
    return delivery


def lock_incident(incident: Incident) -> Incident:
    _refresh(incident, Incident.objects.select_for_update().get(pk=incident.pk))
    return incident


def begin(acting, step: str, alert: Alert, delivery: Delivery | None = None) -> Alert:
    """Lock, re-read, then check rights (403) and state (409): the order that makes a step
    safe against a concurrent one (an update while a village acknowledges)."""
    lock_alert(alert)
    if delivery is not None:
        lock_delivery(delivery)
    policy.alert_require(acting, step, alert, delivery)
    return alert


def begin_incident(acting, step: str, incident: Incident) -> Incident:
    lock_incident(incident)
    policy.incident_require(acting, step, incident)
    return incident


def audit(target, actor, action: str, *, office, old: dict | None = None, **new) -> AuditLog:
    return audit_record(
        actor=actor, office=office, action=f"alerts.{action}", target=target, old=old, new=new
    )


def msg(text, **params):
    """A notification text translated when it is sent, not in the actor's language."""
    return lazy(lambda: str(text) % params, str)()


def alert_url(alert: Alert) -> str:
    return reverse("alerts:detail", args=[alert.pk])


def incident_url(incident: Incident) -> str:
    return reverse("alerts:incident", args=[incident.pk])


def tell(
    *, office, recipients, entry: AuditLog, key: str, title, body: str = "", url: str, actor=None
) -> int:
    """Notify everyone concerned but the person who acted, once per audited event, in the
    product's language (Indonesian) whatever language the acting person has chosen."""
    people = [p for p in recipients if p is not None and (actor is None or p.pk != actor.pk)]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title)
        body = str(body)
    return notify(
        recipients=people,
        office=office,
        title=title,
        body=body,
        url=url,
        dedupe=f"{key}:audit:{entry.pk}",
    )


def issuers(office_id) -> list:
    """The people who answer for early warning: the camat, the secretaries and the
    officers of the issuing section."""
    section_id = policy.issuing_section_id(office_id)
    return [*scope.office_leaders(office_id), *scope.section_officers(section_id)]


def village_people(village_ids) -> list:
    """The active officials of these villages, in one query."""
    return [
        m.user
        for m in Membership.objects.active()
        .filter(village_id__in=list(village_ids), role=Role.VILLAGE)
        .select_related("user")
    ]
