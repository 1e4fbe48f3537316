"""Who may see a village report and take which step: the report rules, built on the scope
primitives of `accounts.policy` and the workflow table (`workflow.STEPS`).

A village sees its own reports (drafts included) and nothing of another village's: another
village's report is a 404. The office's staff and the regency's inspectors see what villages
have submitted; a draft stays the village's own until it is sent. The reviewing section's
officers, the camat and the secretaries review.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.core.errors import InvalidState, NotAllowed

from .models import ObligationType, Submission
from .workflow import STEPS, Status, Who

WHO = {
    Who.VILLAGE: lambda m, obligation, village_id: (
        scope.represents_village(m, village_id) and m.office_id == obligation.office_id
    ),
    Who.REVIEWER: lambda m, obligation, village_id: (
        scope.leads_office(m, obligation.office_id)
        or (scope.serves_section(m, obligation.section_id) and m.office_id == obligation.office_id)
    ),
}


def obligations_for(membership) -> QuerySet[ObligationType]:
    """The obligation types of the offices this person reads (a village: its own office)."""
    if membership is None:
        return ObligationType.objects.none()
    if scope.is_village_official(membership):
        return ObligationType.objects.filter(office_id=membership.office_id)
    return ObligationType.objects.filter(office__in=scope.offices_for(membership))


def submissions_for(membership) -> QuerySet[Submission]:
    if membership is None:
        return Submission.objects.none()
    if scope.is_village_official(membership):
        return Submission.objects.filter(village_id=membership.village_id)
    return Submission.objects.filter(office__in=scope.offices_for(membership)).exclude(
        status=Status.DRAFT
    )


DETAIL_RELATED = ("office", "obligation__section", "village", "submitted_by", "reviewed_by")


def submission_get_for(membership, *, pk) -> Submission:
    """404 when this person may not see it (another village's report, another office's)."""
    found = submissions_for(membership).select_related(*DETAIL_RELATED).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def obligation_get_for(membership, *, pk) -> ObligationType:
    found = obligations_for(membership).select_related("office", "section").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def report_may(membership, step: str, obligation: ObligationType, village_id) -> bool:
    """Whether this person's role lets them take the step on a report of this village."""
    return membership is not None and any(
        WHO[who](membership, obligation, village_id) for who in STEPS[step].who
    )


def _status(submission: Submission | None) -> str:
    return Status.DRAFT if submission is None else submission.status


def report_can(
    membership, step: str, submission: Submission | None, *, obligation=None, village_id=None
) -> bool:
    """Whether this person may take the step now. `submission` None: a report not written yet
    (a draft to be), for `obligation` and `village_id`."""
    obligation = obligation or submission.obligation
    village_id = village_id if submission is None else submission.village_id
    return _status(submission) in STEPS[step].sources and report_may(
        membership, step, obligation, village_id
    )


def report_steps_for(membership, submission: Submission) -> set[str]:
    return {name for name in STEPS if report_can(membership, name, submission)}


def report_require(
    membership, step: str, submission: Submission | None, *, obligation=None, village_id=None
):
    """Refuse a step: first by role (403), then by state (409). Call it on the locked row."""
    obligation = obligation or submission.obligation
    village_id = village_id if submission is None else submission.village_id
    if not report_may(membership, step, obligation, village_id):
        raise NotAllowed(_("Your role may not take this step on this report."))
    if _status(submission) not in STEPS[step].sources:
        raise InvalidState(
            _("This step is not possible while the report is “%(status)s”.")
            % {"status": submission.get_status_display()}
        )


def can_submit_reports(membership) -> bool:
    """Reports come from villages: only a village official writes one."""
    return scope.is_village_official(membership)


def sees_compliance(membership) -> bool:
    """The compliance matrix compares villages: the office's staff and the inspectors."""
    return scope.is_staff_or_inspector(membership)
