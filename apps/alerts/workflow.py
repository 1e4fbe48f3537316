"""The early-warning workflows in one table each: alerts and incident reports.

An alert is drafted, issued to its villages, updated (each update is a new CAP message that
references the earlier ones, and villages acknowledge again), and ends cancelled or expired.
While it is live, every target village acknowledges it once and reports its state
(aman / waspada / terdampak), later as often as it changes. An incident report goes from
the village to the office, which verifies it (or rejects it), may refer it to BPBD, and
closes it.

Per state: whether villages must act (the banner, the board's polling, the escalation),
whether it is published (villages see it, CAP and the feed carry it), whether it is closed,
and the CAP `msgType` of the message that state publishes. Per step: the states it starts
from, who may take it (relative to the alert or the incident), the service that takes it,
the page form and its label. Services, the policy, the pages and the API derive from these
tables; `tests/test_workflow_table.py` fails when a state or a step is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "konsep", _("Draft")
    ISSUED = "terbit", _("Issued")
    UPDATED = "diperbarui", _("Updated")
    CANCELLED = "dibatalkan", _("Cancelled")
    EXPIRED = "berakhir", _("Expired")


class IncidentStatus(models.TextChoices):
    REPORTED = "dilaporkan", _("Reported")
    VERIFIED = "diverifikasi", _("Verified")
    REFERRED = "dirujuk", _("Referred to BPBD")
    CLOSED = "selesai", _("Handled")
    REJECTED = "ditolak", _("Rejected")


class Who(StrEnum):
    """Who may take a step, relative to the alert or the incident."""

    ISSUER = "issuer"  # the camat, a secretary or an officer of the issuing section (Trantib)
    VILLAGE = "village"  # an official of the target (or reporting) village
    SYSTEM = "system"  # the platform itself: the periodic task


@dataclass(frozen=True)
class State:
    live: bool = False  # villages must act: banner, board polling, escalation
    published: bool = False  # villages see it; CAP documents and the feed carry it
    closed: bool = False
    # The CAP msgType of the message this state publishes; "" keeps the last one (expiry
    # publishes nothing new: the last message simply passes its `expires`).
    msg_type: str = ""
    main_step: str = ""  # the step the page offers first


STATES: dict[str, State] = {
    Status.DRAFT: State(msg_type="Alert", main_step="issue"),
    Status.ISSUED: State(live=True, published=True, msg_type="Alert", main_step="update"),
    Status.UPDATED: State(live=True, published=True, msg_type="Update", main_step="update"),
    Status.CANCELLED: State(published=True, closed=True, msg_type="Cancel"),
    Status.EXPIRED: State(published=True, closed=True),
}

LIVE = tuple(s for s, state in STATES.items() if state.live)
PUBLISHED = tuple(s for s, state in STATES.items() if state.published)
CLOSED = tuple(s for s, state in STATES.items() if state.closed)
ALL_STATES = tuple(STATES)


@dataclass(frozen=True)
class IncidentState:
    waiting_for: str = ""
    closed: bool = False
    main_step: str = ""


INCIDENT_STATES: dict[str, IncidentState] = {
    IncidentStatus.REPORTED: IncidentState(
        waiting_for=_("verification by the sub-district"), main_step="verify"
    ),
    IncidentStatus.VERIFIED: IncidentState(
        waiting_for=_("handling by the sub-district (or a referral to BPBD)"), main_step="refer"
    ),
    IncidentStatus.REFERRED: IncidentState(
        waiting_for=_("the outcome from BPBD"), main_step="referral_outcome"
    ),
    IncidentStatus.CLOSED: IncidentState(closed=True),
    IncidentStatus.REJECTED: IncidentState(closed=True),
}
INCIDENT_OPEN = tuple(s for s, state in INCIDENT_STATES.items() if not state.closed)


def delivery_pending(alert, delivery) -> bool:
    """The village has not acknowledged the alert's latest message yet."""
    return delivery is not None and delivery.is_pending


def delivery_acknowledged(alert, delivery) -> bool:
    return delivery is not None and delivery.is_active and not delivery.is_pending


def referral_open(incident, _delivery=None) -> bool:
    referral = getattr(incident, "referral", None)
    return referral is not None and not referral.outcome


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    who: frozenset[Who]
    service: str  # the function in `apps.alerts.services` that takes it
    form: str = ""  # the form in `apps.alerts.forms` the page shows for it
    # "alert": a step on the alert; "delivery": a village's step on its own delivery.
    on: str = "alert"
    keeps_state: bool = False
    guard: Callable | None = field(default=None, compare=False)
    guard_message: str = ""


ISSUER = frozenset({Who.ISSUER})
VILLAGE = frozenset({Who.VILLAGE})
SYSTEM = frozenset({Who.SYSTEM})

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("edit", _("Save the draft"), (Status.DRAFT,), ISSUER, "alert_edit",
             form="AlertForm", keeps_state=True),
        Step("issue", _("Issue to the villages"), (Status.DRAFT,), ISSUER, "alert_issue"),
        Step("update", _("Publish an update"), LIVE, ISSUER, "alert_update",
             form="AlertForm"),
        # A draft cancelled is discarded: it was never published.
        Step("cancel", _("Cancel the alert"), (Status.DRAFT, *LIVE), ISSUER, "alert_cancel",
             form="CancelForm"),
        Step("expire", _("End at its expiry time"), LIVE, SYSTEM, "alert_expire"),
        Step("acknowledge", _("Acknowledge"), LIVE, VILLAGE, "delivery_acknowledge",
             form="AcknowledgeForm", on="delivery", keeps_state=True, guard=delivery_pending,
             guard_message=_("Your village has already acknowledged this alert.")),
        Step("report_state", _("Report the village's state"), LIVE, VILLAGE,
             "delivery_report_state", form="AcknowledgeForm", on="delivery", keeps_state=True,
             guard=delivery_acknowledged,
             guard_message=_("Acknowledge the alert first.")),
    )
}  # fmt: skip

INCIDENT_STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("verify", _("Verify"), (IncidentStatus.REPORTED,), ISSUER, "incident_verify"),
        Step("reject", _("Reject"), (IncidentStatus.REPORTED,), ISSUER, "incident_reject",
             form="IncidentReasonForm"),
        Step("refer", _("Refer to BPBD"), (IncidentStatus.VERIFIED,), ISSUER,
             "incident_refer", form="IncidentReferForm"),
        Step("referral_outcome", _("Record the outcome"), (IncidentStatus.REFERRED,), ISSUER,
             "incident_record_outcome", form="IncidentOutcomeForm", keeps_state=True,
             guard=referral_open,
             guard_message=_("The outcome of this referral is already recorded.")),
        Step("close", _("Close as handled"),
             (IncidentStatus.VERIFIED, IncidentStatus.REFERRED), ISSUER, "incident_close",
             form="IncidentCloseForm"),
    )
}  # fmt: skip
