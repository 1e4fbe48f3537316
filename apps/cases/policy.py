"""Who may see a case and take which step: the case rules, built on the scope primitives of
`accounts.policy` and the workflow table (`workflow.STEPS`).

Who may see a case: the village that raised it, the staff of its office, the regency's
inspectors. Who may take a step: the step's `who` in the table, in one of its source states.
Services call `case_require` after locking the case; views, templates (through the
`actions` flags) and the API ask `case_steps_for` and `case_can`.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.core.errors import InvalidState, NotAllowed

from .models import Case, SharedIssue
from .workflow import STEPS, Who

WHO = {
    Who.LEADER: lambda m, case: scope.leads_office(m, case.office_id),
    Who.SECTION: lambda m, case: (
        scope.serves_section(m, case.section_id) and m.office_id == case.office_id
    ),
    Who.VILLAGE: lambda m, case: scope.represents_village(m, case.village_id),
    Who.STAFF: lambda m, case: scope.works_in_office(m, case.office_id),
}


def cases_for(membership) -> QuerySet[Case]:
    if membership is None:
        return Case.objects.none()
    if scope.is_village_official(membership):
        return Case.objects.filter(village_id=membership.village_id)
    if scope.is_inspector(membership):
        # The regency's office ids as values (a few dozen at most), not a subquery: with
        # values the planner reads each office's part of the indexes, with a subquery it
        # walks every case of the office to filter them.
        # Read once per request: the membership object lives as long as the request.
        offices = getattr(membership, "_case_office_ids", None)
        if offices is None:
            offices = list(scope.offices_for(membership).values_list("pk", flat=True))
            membership._case_office_ids = offices
        return Case.objects.filter(office_id__in=offices)
    return Case.objects.filter(office_id=membership.office_id)


DETAIL_RELATED = (
    "office",
    "village__region",
    "category",
    "section",
    "assigned_to",
    "submitted_by",
    "referred_to",
    "shared_issue",
)


def case_get_for(membership, *, key) -> Case:
    """By id or tracking number; 404 when this person may not see it."""
    qs = cases_for(membership).select_related(*DETAIL_RELATED)
    key = str(key)
    # Tracking numbers are unique in the installation (each office has its own prefix).
    found = (
        qs.filter(pk=int(key)).first()
        if key.isdigit()
        # Numbers are stored in capitals (the prefix is capitals and digits): an exact match
        # on the upper-cased key uses the unique index, where `iexact` reads every row.
        else qs.filter(tracking_number=key.upper()).first()
    )
    if found is None:
        raise Http404
    return found


def case_may(membership, step: str, case: Case) -> bool:
    """Whether this person's role lets them take the step on this case (whatever its state)."""
    return membership is not None and any(WHO[who](membership, case) for who in STEPS[step].who)


def case_can(membership, step: str, case: Case) -> bool:
    """Whether this person may take the step on this case now."""
    spec = STEPS[step]
    return (
        case.status in spec.sources
        and (spec.guard is None or spec.guard(case))
        and case_may(membership, step, case)
    )


def case_steps_for(membership, case: Case) -> set[str]:
    """The steps this person may take on this case now (the page's buttons, the API's list)."""
    return {name for name in STEPS if case_can(membership, name, case)}


def case_require(membership, step: str, case: Case) -> None:
    """Refuse a step: first by role (403), then by state (409). Call it on the locked row."""
    if not case_may(membership, step, case):
        raise NotAllowed(_("Your role may not take this step on this case."))
    spec = STEPS[step]
    if case.status not in spec.sources:
        raise InvalidState(
            _("This step is not possible while the case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )
    if spec.guard is not None and not spec.guard(case):
        raise InvalidState(str(spec.guard_message) % {"days": case.office.reopen_days})


def case_sees_internal(membership, case: Case) -> bool:
    """Internal notes and the disposition instruction: staff and inspectors. The officer
    handling the case is not internal: the village sees who answers for its case, on the
    page, the print view and in the API alike (every answer has an owner)."""
    return scope.is_staff_or_inspector(membership)


def case_follow_up_may_complete(membership, case: Case, follow_up) -> bool:
    """Beyond the item's owner and the office's leaders (`follow_ups.policy`): the case's
    handlers, the officers of the section the case is with."""
    return case_may(membership, "answer", case)


def can_submit_case(membership) -> bool:
    """Cases come from villages: only a village official submits one."""
    return scope.is_village_official(membership)


def can_open_case_for_village(membership, village) -> bool:
    """The office's leaders open a case on a village's behalf (from a citizen's aspiration)."""
    return scope.leads_office(membership, village.office_id)


def shared_issue_cases_for(membership, issue: SharedIssue) -> QuerySet[Case]:
    """The linked cases this person may see; staff only (villages see their own case)."""
    if membership is None or scope.is_village_official(membership):
        return Case.objects.none()
    return cases_for(membership).filter(shared_issue=issue)


def shared_issue_may_answer(membership, issue: SharedIssue) -> bool:
    """One answer for every linked case: only someone whose role may answer each of them
    (the camat, a secretary, or an officer of a section that holds every case), as
    `services.shared_issue_answer` requires. An inspector reads, never answers."""
    cases = list(issue.cases.select_related(None).only("office_id", "section_id", "village_id"))
    return bool(cases) and all(case_may(membership, "answer", case) for case in cases)


def case_officers(case: Case):
    """The active officers of the case's section (for the assign form)."""
    return scope.section_officer_users(case.section_id)
