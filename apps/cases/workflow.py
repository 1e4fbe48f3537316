"""The case workflow in one table: its states and its steps.

Per state: whom the case waits for, whether the office owes an answer (the SLA clock runs),
whether it waits for the village, whether it is closed, whether it may join a shared issue.
Per step: the states it starts from, who may take it (relative to the case), the service that
takes it, the page form and its label.

Everything else derives from these two tables: the services check a step with
`policy.case_require`, the policy answers `case_can`, the case page shows the forms of the
steps a person may take, the API offers the same steps, and the status groups used by lists
and dashboards are read from `STATES`. A test fails when a status or a step is missing here.

A next domain with a small state machine (meetings, reports, alerts) copies this shape:
a `Status`, a `STATES` table, a `STEPS` table, `Who` roles relative to its object, and the
same three helpers in its policy (`<x>_can`, `<x>_require`, `<x>_steps_for`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core import clock


class Status(models.TextChoices):
    SUBMITTED = "diajukan", _("Submitted")
    RETURNED = "dikembalikan", _("Returned to the village")
    REJECTED = "ditolak", _("Rejected")
    VERIFIED = "diverifikasi", _("Verified")
    DISPOSED = "didisposisi", _("Disposed to a section")
    IN_PROGRESS = "diproses", _("In progress")
    ANSWERED = "ditanggapi", _("Answered")
    REFERRED = "dirujuk", _("Referred to an agency")
    RESOLVED = "selesai", _("Resolved")
    REOPENED = "dibuka_kembali", _("Reopened")


class Who(StrEnum):
    """Who may take a step, relative to the case (the policy says how each is recognised)."""

    LEADER = "leader"  # the camat or a secretary of the case's office
    SECTION = "section"  # an officer of the section the case is with
    VILLAGE = "village"  # an official of the village that raised the case
    STAFF = "staff"  # anyone working in the case's office (leader or any section's officer)


@dataclass(frozen=True)
class State:
    waiting_for: str = ""
    awaiting_answer: bool = False  # the office owes an answer: the SLA clock runs
    with_village: bool = False  # the village has the next move
    closed: bool = False
    linkable: bool = False  # may join a shared issue (verified, not yet answered)
    deadline: str = ""  # the Case field the office works against in this state
    reason_label: str = ""  # how the page titles `Case.reason` in this state
    main_step: str = ""  # the step the page opens by default


STATES: dict[str, State] = {
    Status.SUBMITTED: State(
        waiting_for=_("verification by the camat or the secretary"),
        awaiting_answer=True,
        deadline="verify_due",
        main_step="verify",
    ),
    Status.RETURNED: State(
        waiting_for=_("the village to add the missing information"),
        with_village=True,
        reason_label=_("Information needed"),
        main_step="resubmit",
    ),
    Status.REJECTED: State(closed=True, reason_label=_("Reason for rejection")),
    Status.VERIFIED: State(
        waiting_for=_("disposition by the camat or the secretary"),
        awaiting_answer=True,
        linkable=True,
        deadline="response_due",
        main_step="dispose",
    ),
    Status.DISPOSED: State(
        waiting_for=_("an officer of the section to take the case"),
        awaiting_answer=True,
        linkable=True,
        deadline="response_due",
        main_step="assign",
    ),
    Status.IN_PROGRESS: State(
        waiting_for=_("the answer of the assigned officer"),
        awaiting_answer=True,
        linkable=True,
        deadline="response_due",
        main_step="answer",
    ),
    Status.ANSWERED: State(
        waiting_for=_("the village to confirm and rate the answer"),
        with_village=True,
        main_step="confirm",
    ),
    Status.REFERRED: State(
        waiting_for=_("the outcome from the agency and the village's confirmation"),
        with_village=True,
        main_step="confirm",
    ),
    Status.RESOLVED: State(closed=True),
    Status.REOPENED: State(
        waiting_for=_("a new answer from the section (or a new disposition)"),
        awaiting_answer=True,
        linkable=True,
        deadline="response_due",
        reason_label=_("Why it was reopened"),
    ),
}

# Status groups for queries, read from the table.
AWAITING_ANSWER = tuple(s for s, state in STATES.items() if state.awaiting_answer)
WITH_VILLAGE = tuple(s for s, state in STATES.items() if state.with_village)
CLOSED_STATES = tuple(s for s, state in STATES.items() if state.closed)
OPEN_STATES = tuple(s for s, state in STATES.items() if not state.closed)
LINKABLE = tuple(s for s, state in STATES.items() if state.linkable)
ALL_STATES = tuple(STATES)


def reopen_window_open(case) -> bool:
    """A village may reopen a verified case within the office's days of its closing."""
    return (
        case.resolved_at is not None
        and case.verified_at is not None
        and clock.now() <= case.resolved_at + timedelta(days=case.office.reopen_days)
    )


def referral_outcome_open(case) -> bool:
    """The agency's outcome can be recorded once the case was referred, and stays recordable
    after the village confirmed or reopened (it may be corrected while the case is referred)."""
    return case.referred_to_id is not None and (
        case.status == Status.REFERRED or not case.referral_outcome
    )


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]  # the states it starts from
    who: frozenset[Who]
    service: str  # the function in `apps.cases.services` that takes it
    form: str = ""  # the form in `apps.cases.forms` the case page shows for it
    # True: taken through the one step endpoint (page and API) with `form`'s values.
    # False: a record on the case with its own endpoint (comments, follow-ups, links).
    transition: bool = True
    # True: the step records something on the case without moving it to another state.
    keeps_state: bool = False
    # An extra condition beyond the state (refused as "not possible now").
    guard: Callable | None = field(default=None, compare=False)
    guard_message: str = ""


LEADER = frozenset({Who.LEADER})
HANDLERS = frozenset({Who.LEADER, Who.SECTION})
VILLAGE = frozenset({Who.VILLAGE})

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("verify", _("Verify"), (Status.SUBMITTED,), LEADER, "case_verify"),
        Step("return", _("Return for more information"), (Status.SUBMITTED,), LEADER,
             "case_return", form="ReasonForm"),
        Step("reject", _("Reject"), (Status.SUBMITTED,), LEADER, "case_reject",
             form="ReasonForm"),
        Step("resubmit", _("Resubmit"), (Status.RETURNED,), VILLAGE, "case_resubmit",
             form="ResubmitForm"),
        Step("dispose", _("Dispose"), (Status.VERIFIED, Status.DISPOSED, Status.REOPENED),
             LEADER, "case_dispose", form="DisposeForm"),
        # A reopened case is still with its section: it may answer again at once, or the
        # camat disposes it elsewhere.
        Step("assign", _("Assign"), (Status.DISPOSED, Status.IN_PROGRESS, Status.REOPENED),
             HANDLERS, "case_assign", form="AssignForm"),
        Step("answer", _("Send the answer"),
             (Status.DISPOSED, Status.IN_PROGRESS, Status.REOPENED), HANDLERS, "case_answer",
             form="AnswerForm"),
        Step("refer", _("Refer"), (Status.DISPOSED, Status.IN_PROGRESS, Status.ANSWERED),
             HANDLERS, "case_refer", form="ReferForm"),
        Step("referral_outcome", _("Record the outcome"),
             (Status.REFERRED, Status.ANSWERED, Status.RESOLVED, Status.REOPENED,
              Status.DISPOSED, Status.IN_PROGRESS), HANDLERS,
             "case_record_referral_outcome", form="OutcomeForm", keeps_state=True,
             guard=referral_outcome_open,
             guard_message=_("The outcome of this referral is already recorded.")),
        Step("confirm", _("Confirm"), (Status.ANSWERED, Status.REFERRED), VILLAGE,
             "case_confirm", form="ConfirmForm"),
        Step("reopen", _("Reopen"), (Status.RESOLVED,), VILLAGE, "case_reopen",
             form="ReasonForm", guard=reopen_window_open,
             guard_message=_("A case can be reopened within %(days)s days of closing; "
                             "submit a new case.")),
        Step("add_follow_up", _("Add"), (Status.IN_PROGRESS, Status.ANSWERED, Status.REFERRED),
             HANDLERS, "follow_up_add", form="FollowUpForm", transition=False),
        Step("link_shared", _("Link"), LINKABLE, HANDLERS, "shared_issue_link",
             transition=False),
        Step("comment", _("Send"), ALL_STATES, frozenset({Who.STAFF, Who.VILLAGE}),
             "comment_add", form="CommentForm", transition=False),
        Step("comment_internal", _("Send"), ALL_STATES, frozenset({Who.STAFF}),
             "comment_add", transition=False),
    )
}  # fmt: skip

TRANSITIONS = tuple(name for name, step in STEPS.items() if step.transition)
