"""Every write of the early warning: one service per step of the workflow tables
(`workflow.STEPS`, `workflow.INCIDENT_STEPS`), plus the readiness records and the CAP import.

Each service is atomic, takes one keyword-only `acting` membership (None only for the
platform's periodic task), locks its row, re-reads it, then checks rights (NotAllowed → 403)
and state (InvalidState → 409) through the policy, writes an audit entry
(`alerts.<thing>.<verb>`) and tells the people concerned in the app and, through the
outbox, by e-mail once the transaction commits. Import from here.
"""

from .alerts import (
    AlertInput,
    alert_cancel,
    alert_create,
    alert_edit,
    alert_expire,
    alert_issue,
    alert_update,
    alerts_expire_due,
    content_of,
)
from .deliveries import deliveries_escalate, delivery_acknowledge, delivery_report_state
from .imports import ImportResult, alert_import
from .incidents import (
    IncidentInput,
    ReportResult,
    incident_close,
    incident_record_outcome,
    incident_refer,
    incident_reject,
    incident_report,
    incident_take_step,
    incident_verify,
)
from .readiness import readiness_checklist_review, readiness_record_delete, readiness_record_save

__all__ = [
    "AlertInput",
    "ImportResult",
    "IncidentInput",
    "ReportResult",
    "alert_cancel",
    "alert_create",
    "alert_edit",
    "alert_expire",
    "alert_import",
    "alert_issue",
    "alert_update",
    "alerts_expire_due",
    "content_of",
    "deliveries_escalate",
    "delivery_acknowledge",
    "delivery_report_state",
    "incident_close",
    "incident_record_outcome",
    "incident_refer",
    "incident_reject",
    "incident_report",
    "incident_take_step",
    "incident_verify",
    "readiness_checklist_review",
    "readiness_record_delete",
    "readiness_record_save",
]
