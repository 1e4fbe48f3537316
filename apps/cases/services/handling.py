"""The office handles a case: verification, return, rejection, disposition, assignment,
the answer, referral to an agency and its outcome."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership, User
from apps.core import clock
from apps.core.errors import DomainError
from apps.offices.models import Agency, Section

from .. import policy
from ..models import Case, SharedIssue, Status
from ..sla import sla_days
from ..workflow import STEPS
from ._common import audit, begin, calendar, check_length, end_of, local_date, msg, tell
from .follow_ups import FollowUpInput, create_follow_up


@transaction.atomic
def case_verify(*, acting: Membership, case: Case) -> Case:
    begin(acting, "verify", case)
    old, now = case.status, clock.now()
    _verify_days, answer_days = sla_days(
        office=case.office, category=case.category, urgency=case.urgency
    )
    case.status = Status.VERIFIED
    case.verified_at = now
    case.response_due = calendar(case).deadline(now, answer_days)
    case.overdue_since = None
    case.save()
    entry = audit(case, acting.user, "verified", old, response_due=case.response_due)
    tell(
        case,
        scope.village_officials(case.village_id),
        entry,
        gettext_lazy("verified by the sub-district"),
        actor=acting.user,
    )
    return case


@transaction.atomic
def case_return(*, acting: Membership, case: Case, reason: str) -> Case:
    begin(acting, "return", case)
    check_length(reason, "reason")
    if not reason.strip():
        raise DomainError(_("Say what information is missing."), field="reason")
    old = case.status
    case.status = Status.RETURNED
    case.reason = reason.strip()
    case.paused_at = clock.now()
    case.overdue_since = None
    case.save()
    entry = audit(case, acting.user, "returned", old, reason=case.reason)
    tell(
        case,
        scope.village_officials(case.village_id),
        entry,
        gettext_lazy("returned: more information needed"),
        case.reason,
        actor=acting.user,
    )
    return case


@transaction.atomic
def case_reject(*, acting: Membership, case: Case, reason: str) -> Case:
    begin(acting, "reject", case)
    check_length(reason, "reason")
    if not reason.strip():
        raise DomainError(_("A rejection needs a reason."), field="reason")
    old = case.status
    case.status = Status.REJECTED
    case.reason = reason.strip()
    case.resolved_at = clock.now()
    case.overdue_since = None
    case.save()
    entry = audit(case, acting.user, "rejected", old, reason=case.reason)
    tell(
        case,
        scope.village_officials(case.village_id),
        entry,
        gettext_lazy("rejected"),
        case.reason,
        actor=acting.user,
    )
    return case


@transaction.atomic
def case_dispose(
    *,
    acting: Membership,
    case: Case,
    section: Section,
    instruction: str,
    officer: User | None = None,
) -> Case:
    """The camat or secretary sends the case to a section with an instruction (disposisi),
    optionally naming the officer."""
    begin(acting, "dispose", case)
    check_length(instruction, "instruction")
    if section.office_id != case.office_id or not section.is_active:
        raise DomainError(_("Choose a section of this office."), field="section")
    if officer is not None and not scope.officer_of_section(officer, section.pk):
        raise DomainError(_("That officer does not work in this section."), field="officer")
    if (
        case.section_id == section.pk
        and case.disposition == instruction.strip()
        and case.assigned_to_id == (officer.pk if officer else None)
        and case.status == (Status.IN_PROGRESS if officer else Status.DISPOSED)
    ):
        return case  # the same disposition again (a double tap, a retry): nothing new
    old = case.status
    case.section = section
    case.disposition = instruction.strip()
    case.assigned_to = officer
    case.status = Status.IN_PROGRESS if officer else Status.DISPOSED
    case.save()
    entry = audit(
        case,
        acting.user,
        "disposed",
        old,
        section=section.pk,
        officer=officer.pk if officer else None,
        instruction=case.disposition,
    )
    tell(
        case,
        [officer] if officer else scope.section_officers(section.pk),
        entry,
        msg(gettext_lazy("disposed to %(section)s"), section=str(section)),
        case.disposition,
        actor=acting.user,
    )
    # A linked case that reaches a section after its shared issue was answered gets the
    # same answer straight away: the disposer's rights cover answering it.
    issue = case.shared_issue
    if (
        issue is not None
        and issue.answered_at is not None
        and case.status in STEPS["answer"].sources
    ):
        record_answer(
            acting=acting, case=case, response=issue.response, solution=issue.solution, issue=issue
        )
    return case


@transaction.atomic
def case_assign(*, acting: Membership, case: Case, officer: User | None = None) -> Case:
    """An officer takes the case, or the camat, secretary or a section officer assigns it."""
    begin(acting, "assign", case)
    officer = officer or acting.user
    if not policy.case_officers(case).filter(pk=officer.pk).exists():
        raise DomainError(_("That officer does not work in this section."), field="officer")
    if case.status == Status.IN_PROGRESS and case.assigned_to_id == officer.pk:
        return case  # already this officer's (a double tap on "Ambil"): nothing new
    old = case.status
    case.assigned_to = officer
    case.status = Status.IN_PROGRESS
    case.save()
    entry = audit(case, acting.user, "assigned", old, officer=officer.pk)
    tell(case, [officer], entry, gettext_lazy("assigned to you"), actor=acting.user)
    return case


@transaction.atomic
def case_answer(
    *,
    acting: Membership,
    case: Case,
    response: str,
    solution: str,
    follow_ups: list[FollowUpInput] | None = None,
) -> Case:
    """The section answers with a response and a solution, optionally with follow-ups."""
    begin(acting, "answer", case)
    return record_answer(
        acting=acting, case=case, response=response, solution=solution, follow_ups=follow_ups
    )


def record_answer(
    *,
    acting: Membership,
    case: Case,
    response: str,
    solution: str,
    follow_ups: list[FollowUpInput] | None = None,
    issue: SharedIssue | None = None,
) -> Case:
    """Write the answer on a case its caller has locked and checked (`case_answer`, or the
    shared issue after checking the right to answer every linked case)."""
    if not response.strip():
        raise DomainError(_("Write the response."), field="response")
    check_length(response, "response")
    check_length(solution, "solution")
    old, now = case.status, clock.now()
    case.response, case.solution = response.strip(), solution.strip()
    case.status = Status.ANSWERED
    case.answered_at = now
    if case.assigned_to_id is None and scope.serves_section(acting, case.section_id):
        case.assigned_to = acting.user
    items = [create_follow_up(case, item, acting=acting) for item in follow_ups or []]
    close_on = local_date(now) + timedelta(days=case.office.auto_close_days)
    case.resolution_due = end_of(max([close_on, *(f.due_date for f in items)]))
    case.overdue_since = None
    case.save()
    entry = audit(
        case,
        acting.user,
        "answered",
        old,
        follow_ups=len(items),
        shared_issue=issue.pk if issue else None,
        response=case.response,
        solution=case.solution,
    )
    tell(
        case,
        scope.village_officials(case.village_id),
        entry,
        gettext_lazy("answered: please confirm and rate"),
        case.response[:500],
        actor=acting.user,
    )
    return case


@transaction.atomic
def case_refer(
    *, acting: Membership, case: Case, agency: Agency, letter_number: str, note: str = ""
) -> Case:
    """Refer the case to a regency agency (dirujuk) with the letter number."""
    begin(acting, "refer", case)
    check_length(note, "referral_note", "note")
    if agency.office_id != case.office_id or not agency.is_active:
        raise DomainError(_("Choose an agency of this office's list."), field="agency")
    if not letter_number.strip():
        raise DomainError(_("Give the number of the referral letter."), field="letter_number")
    old = case.status
    case.referred_to = agency
    case.referral_letter = letter_number.strip()
    case.referral_note = note.strip()
    case.status = Status.REFERRED
    if case.answered_at is None:
        case.answered_at = clock.now()  # the village has its answer: the agency handles it
    case.overdue_since = None
    case.save()
    entry = audit(
        case, acting.user, "referred", old, agency=agency.pk, letter_number=case.referral_letter
    )
    tell(
        case,
        scope.village_officials(case.village_id),
        entry,
        msg(gettext_lazy("referred to %(agency)s"), agency=agency.name),
        case.referral_note,
        actor=acting.user,
    )
    return case


@transaction.atomic
def case_record_referral_outcome(*, acting: Membership, case: Case, outcome: str) -> Case:
    begin(acting, "referral_outcome", case)
    check_length(outcome, "outcome")
    if not outcome.strip():
        raise DomainError(_("Describe the outcome."), field="outcome")
    if case.referral_outcome == outcome.strip():
        return case  # the same outcome again: nothing new to record or tell
    case.referral_outcome = outcome.strip()
    case.save(update_fields=["referral_outcome"])
    entry = audit(case, acting.user, "referral_outcome", outcome=case.referral_outcome)
    tell(
        case,
        scope.village_officials(case.village_id),
        entry,
        gettext_lazy("outcome of the referral recorded"),
        case.referral_outcome,
        actor=acting.user,
    )
    return case
