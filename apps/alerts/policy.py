"""Who may see an alert, an incident or a village's readiness, and take which step: the
early-warning rules, built on the scope primitives of `accounts.policy` and the workflow
tables (`workflow.STEPS`, `workflow.INCIDENT_STEPS`).

- Issuing is for the camat, the secretaries and the officers of the issuing section (Trantib,
  or the section the office set in its early warning settings).
- A village official sees only the published alerts addressed to their village, their own
  incident reports and their own readiness; anything else is a 404.
- The office's staff and the regency's inspectors read everything of the office; drafts
  only the office's staff.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core.errors import InvalidState, NotAllowed
from apps.offices.models import Agency, Section, Village

from .models import Alert, AlertSettings, Delivery, Incident
from .workflow import INCIDENT_STEPS, PUBLISHED, STEPS, Step, Who

DEFAULT_ISSUING_SECTION = "TRANTIB"
DEFAULT_REFERRAL_AGENCY = "BPBD"


def office_settings(office_id) -> AlertSettings | None:
    return AlertSettings.objects.filter(office_id=office_id).first()


def issuing_section_id(office_id) -> int | None:
    """The section whose officers issue alerts: the office's setting, else Trantib."""
    chosen = (
        AlertSettings.objects.filter(office_id=office_id, issuing_section__isnull=False)
        .values_list("issuing_section_id", flat=True)
        .first()
    )
    if chosen:
        return chosen
    return (
        Section.objects.filter(
            office_id=office_id, short_name__iexact=DEFAULT_ISSUING_SECTION, is_active=True
        )
        .values_list("pk", flat=True)
        .first()
    )


def referral_agency(office_id) -> Agency | None:
    """Where incidents are referred by default: the office's setting, else BPBD."""
    found = office_settings(office_id)
    if found is not None and found.referral_agency_id:
        return found.referral_agency
    return Agency.objects.filter(
        office_id=office_id, short_name__iexact=DEFAULT_REFERRAL_AGENCY, is_active=True
    ).first()


def can_issue(membership: Membership | None, office_id=None) -> bool:
    """The camat, a secretary or an officer of the issuing section of the office."""
    if membership is None or membership.office_id is None:
        return False
    office_id = office_id or membership.office_id
    if scope.leads_office(membership, office_id):
        return True
    if not scope.is_section_officer(membership) or membership.office_id != office_id:
        return False
    # Asked several times a page: remembered on the membership for this request.
    remembered = membership.__dict__.setdefault("_alerts_issuing_section", {})
    if office_id not in remembered:
        remembered[office_id] = issuing_section_id(office_id)
    return scope.serves_section(membership, remembered[office_id])


def sees_alerts(membership: Membership | None) -> bool:
    """The menu entry: village officials, the office's staff and inspectors."""
    return membership is not None


def sees_board(membership: Membership | None, alert: Alert) -> bool:
    """Every village's acknowledgement: the office's staff and the regency's inspectors."""
    return scope.is_staff_or_inspector(membership) and (
        scope.offices_for(membership).filter(pk=alert.office_id).exists()
    )


def sees_escalations(membership: Membership | None) -> bool:
    """The list of villages that did not acknowledge in time, with phone links."""
    return can_issue(membership) or scope.is_inspector(membership)


# --- Alerts ---------------------------------------------------------------------------------


def alerts_for(membership: Membership | None) -> QuerySet[Alert]:
    if membership is None:
        return Alert.objects.none()
    if scope.is_village_official(membership):
        # Also after an update took the village off the list: it was told, and may read why.
        return Alert.objects.filter(
            status__in=PUBLISHED, deliveries__village_id=membership.village_id
        )
    offices = scope.offices_for(membership)
    qs = Alert.objects.filter(office__in=offices)
    if scope.is_inspector(membership):
        qs = qs.filter(status__in=PUBLISHED)
    return qs


def alert_get_for(membership: Membership | None, *, pk) -> Alert:
    """404 when this person may not see it (another village's alert, another office's)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = alerts_for(membership).select_related("office", "created_by", "issued_by").filter(pk=pk)
    alert = found.first()
    if alert is None:
        raise Http404
    return alert


def delivery_of(membership: Membership | None, alert: Alert) -> Delivery | None:
    """The village official's own delivery of the alert."""
    if not scope.is_village_official(membership):
        return None
    return (
        Delivery.objects.filter(alert=alert, village_id=membership.village_id)
        .select_related("village")
        .first()
    )


WHO = {
    Who.ISSUER: lambda m, alert, delivery: can_issue(m, alert.office_id),
    Who.VILLAGE: lambda m, alert, delivery: (
        delivery is not None
        and delivery.alert_id == alert.pk
        and scope.represents_village(m, delivery.village_id)
    ),
    Who.SYSTEM: lambda m, alert, delivery: m is None,
}


def _may(spec: Step, membership, obj, delivery=None) -> bool:
    return any(WHO[who](membership, obj, delivery) for who in spec.who)


def alert_may(membership, step: str, alert: Alert, delivery: Delivery | None = None) -> bool:
    """Whether this person's role lets them take the step (whatever the alert's state)."""
    return _may(STEPS[step], membership, alert, delivery)


def alert_can(membership, step: str, alert: Alert, delivery: Delivery | None = None) -> bool:
    spec = STEPS[step]
    return (
        alert.status in spec.sources
        and (spec.guard is None or spec.guard(alert, delivery))
        and alert_may(membership, step, alert, delivery)
    )


def alert_steps_for(membership, alert: Alert, delivery: Delivery | None = None) -> set[str]:
    """The steps this person may take now (the page's forms, the API's `actions`)."""
    return {
        name
        for name, spec in STEPS.items()
        if Who.SYSTEM not in spec.who and alert_can(membership, name, alert, delivery)
    }


def alert_require(membership, step: str, alert: Alert, delivery: Delivery | None = None) -> None:
    """Refuse a step: first by role (403), then by state (409). Call it on the locked row."""
    if not alert_may(membership, step, alert, delivery):
        raise NotAllowed(_("Your role may not take this step on this alert."))
    spec = STEPS[step]
    if spec.on == "delivery" and delivery is not None and not delivery.is_active:
        raise InvalidState(_("Your village is no longer addressed by this alert."))
    if alert.status not in spec.sources:
        raise InvalidState(
            _("This step is not possible while the alert is “%(status)s”.")
            % {"status": alert.get_status_display()}
        )
    if spec.guard is not None and not spec.guard(alert, delivery):
        raise InvalidState(str(spec.guard_message))


def target_villages_for(membership, office) -> QuerySet[Village]:
    """The villages an issuer may address: those of the alert's office."""
    if not can_issue(membership, office.pk):
        return Village.objects.none()
    return office.villages.select_related("region")


# --- Incidents ------------------------------------------------------------------------------


def incidents_for(membership: Membership | None) -> QuerySet[Incident]:
    if membership is None:
        return Incident.objects.none()
    if scope.is_village_official(membership):
        return Incident.objects.filter(village_id=membership.village_id)
    return Incident.objects.filter(office__in=scope.offices_for(membership))


def incident_get_for(membership: Membership | None, *, pk) -> Incident:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = (
        incidents_for(membership)
        .select_related("office", "village", "alert", "reported_by", "referral__agency")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


INCIDENT_WHO = {
    Who.ISSUER: lambda m, incident, _d: can_issue(m, incident.office_id),
    Who.VILLAGE: lambda m, incident, _d: scope.represents_village(m, incident.village_id),
    Who.SYSTEM: lambda m, incident, _d: m is None,
}


def incident_may(membership, step: str, incident: Incident) -> bool:
    return any(INCIDENT_WHO[who](membership, incident, None) for who in INCIDENT_STEPS[step].who)


def incident_can(membership, step: str, incident: Incident) -> bool:
    spec = INCIDENT_STEPS[step]
    return (
        incident.status in spec.sources
        and (spec.guard is None or spec.guard(incident))
        and incident_may(membership, step, incident)
    )


def incident_steps_for(membership, incident: Incident) -> set[str]:
    return {name for name in INCIDENT_STEPS if incident_can(membership, name, incident)}


def incident_require(membership, step: str, incident: Incident) -> None:
    if not incident_may(membership, step, incident):
        raise NotAllowed(_("Your role may not take this step on this incident report."))
    spec = INCIDENT_STEPS[step]
    if incident.status not in spec.sources:
        raise InvalidState(
            _("This step is not possible while the report is “%(status)s”.")
            % {"status": incident.get_status_display()}
        )
    if spec.guard is not None and not spec.guard(incident):
        raise InvalidState(str(spec.guard_message))


def incident_villages_for(membership: Membership | None) -> QuerySet[Village]:
    """The villages this person may report an incident for: their own village, or for an
    issuer (who takes a report by phone) every village of the office."""
    if scope.is_village_official(membership):
        return Village.objects.filter(pk=membership.village_id)
    if can_issue(membership):
        return membership.office.villages.all()
    return Village.objects.none()


def can_report_incident(membership: Membership | None) -> bool:
    return scope.is_village_official(membership) or can_issue(membership)


def incident_sees_reporter(membership, incident: Incident) -> bool:
    """Who reported it (a name and a phone): the village itself and the office's staff."""
    return scope.represents_village(membership, incident.village_id) or scope.works_in_office(
        membership, incident.office_id
    )


# --- Readiness ------------------------------------------------------------------------------


def readiness_villages_for(membership: Membership | None) -> QuerySet[Village]:
    return scope.villages_for(membership)


def readiness_village_get_for(membership: Membership | None, *, slug: str) -> Village:
    found = readiness_villages_for(membership).filter(slug=slug).select_related("office").first()
    if found is None:
        raise Http404
    return found


def readiness_can_edit(membership: Membership | None, village: Village) -> bool:
    """The village itself, and the office's issuers."""
    return scope.represents_village(membership, village.pk) or can_issue(
        membership, village.office_id
    )


def readiness_require(membership: Membership | None, village: Village) -> None:
    if not readiness_can_edit(membership, village):
        raise NotAllowed(_("Your role may not change this village's readiness."))
