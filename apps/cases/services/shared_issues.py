"""Shared issues (isu bersama): cases of several villages on one problem, answered once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.offices.audit import audit_record

from .. import policy
from ..models import Case, SharedIssue
from ..workflow import STEPS
from ._common import audit, begin, lock
from .handling import record_answer


@transaction.atomic
def shared_issue_create(*, acting: Membership, cases: list[Case], title: str) -> SharedIssue:
    """Link open cases on the same problem from several villages into one shared issue. The
    title is written by the office: every linked village reads it, so it never defaults to
    one village's own words."""
    if not cases:
        raise DomainError(_("Choose the cases to link."), field="cases")
    if not title.strip():
        raise DomainError(_("Give the shared issue a title."), field="title")
    office_ids = {c.office_id for c in cases}
    if len(office_ids) != 1:
        raise DomainError(_("Cases of different offices cannot be linked."), field="cases")
    office_id = office_ids.pop()
    # The same form sent again (a double tap, a retry) links nothing twice: the cases are
    # locked first (in one order), so a second request waits and then finds the first issue.
    for case in sorted(cases, key=lambda c: c.pk):
        lock(case)
    wanted = sorted(c.pk for c in cases)
    for earlier in SharedIssue.objects.filter(
        office_id=office_id,
        created_by=acting.user,
        title=title.strip(),
        created_at__gte=clock.repeat_since(),
    ):
        if sorted(earlier.cases.values_list("pk", flat=True)) == wanted:
            return earlier
    issue = SharedIssue.objects.create(
        office_id=office_id, title=title.strip(), created_by=acting.user
    )
    for case in cases:
        shared_issue_link(acting=acting, issue=issue, case=case)
    audit_record(
        actor=acting.user,
        office=issue.office,
        action="cases.shared_issue.created",
        target=issue,
        new={"cases": [c.pk for c in cases], "title": issue.title},
    )
    return issue


@transaction.atomic
def shared_issue_link(*, acting: Membership, issue: SharedIssue, case: Case) -> Case:
    if case.office_id != issue.office_id:
        raise DomainError(_("Cases of different offices cannot be linked."), field="cases")
    lock(case)
    if not policy.case_may(acting, "link_shared", case):
        raise NotAllowed(_("Your role may not link these cases."))
    if case.status not in STEPS["link_shared"].sources:
        raise InvalidState(
            _("%(number)s is no longer waiting for an answer.") % {"number": case.tracking_number}
        )
    case.shared_issue = issue
    case.save(update_fields=["shared_issue"])
    audit(case, acting.user, "linked", shared_issue=issue.pk)
    return case


@transaction.atomic
def shared_issue_answer(
    *, acting: Membership, issue: SharedIssue, response: str, solution: str
) -> list[Case]:
    """Answer every linked case: those being handled now at once, the ones not yet disposed
    as soon as they reach a section (see `case_dispose`). Each village still confirms and
    rates its own case. The person must be allowed to answer every linked case."""
    cases = [lock(case) for case in issue.cases.select_related("office", "village", "section")]
    if not cases:
        raise InvalidState(_("No case is linked to this shared issue."))
    if not all(policy.case_may(acting, "answer", c) for c in cases):
        raise NotAllowed(_("Your role may not answer every case of this shared issue."))
    if not response.strip():
        raise DomainError(_("Write the response."), field="response")
    issue.response, issue.solution = response.strip(), solution.strip()
    issue.answered_at = clock.now()
    issue.save()
    answered = []
    for case in cases:
        if policy.case_can(acting, "answer", case):
            begin(acting, "answer", case)
            record_answer(
                acting=acting, case=case, response=response, solution=solution, issue=issue
            )
            answered.append(case)
    audit_record(
        actor=acting.user,
        office=issue.office,
        action="cases.shared_issue.answered",
        target=issue,
        new={"cases": [c.pk for c in answered]},
    )
    return answered
