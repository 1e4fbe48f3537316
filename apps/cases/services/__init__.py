"""Every write to a case: one service per step of the workflow (`workflow.STEPS` names it).

Each service is atomic, takes one keyword-only `acting` membership (the person is
`acting.user`), locks the case, re-reads it, then checks rights (NotAllowed → 403) and state
(InvalidState → 409) through the case policy, writes an audit entry (`cases.case.<verb>`),
and tells the people concerned in the app and by e-mail once the transaction commits.
The modules split the work like the stages of the guide; import from here.
"""

from apps.accounts.models import Membership

from ..models import Case
from ..workflow import STEPS, TRANSITIONS
from .closing import case_auto_close_due, case_confirm, case_reopen
from .comments import comment_add
from .follow_ups import FollowUpInput, follow_up_add, follow_up_complete
from .handling import (
    case_answer,
    case_assign,
    case_dispose,
    case_record_referral_outcome,
    case_refer,
    case_reject,
    case_return,
    case_verify,
)
from .periodic import camat_digest_send, cases_mark_overdue
from .shared_issues import shared_issue_answer, shared_issue_create, shared_issue_link
from .submission import (
    KeyReused,
    SubmitResult,
    case_open_for_village,
    case_resubmit,
    case_submit,
)

__all__ = [
    "FollowUpInput",
    "KeyReused",
    "SubmitResult",
    "camat_digest_send",
    "case_answer",
    "case_assign",
    "case_auto_close_due",
    "case_confirm",
    "case_dispose",
    "case_open_for_village",
    "case_record_referral_outcome",
    "case_refer",
    "case_reject",
    "case_reopen",
    "case_resubmit",
    "case_return",
    "case_submit",
    "case_take_step",
    "case_verify",
    "cases_mark_overdue",
    "comment_add",
    "follow_up_add",
    "follow_up_complete",
    "shared_issue_answer",
    "shared_issue_create",
    "shared_issue_link",
]


def case_take_step(*, step: str, acting: Membership, case: Case, **values) -> Case:
    """Take the named workflow step with its values (already objects, not ids): the one
    entry point the case page and the API share."""
    if step not in TRANSITIONS:
        raise KeyError(step)
    return globals()[STEPS[step].service](acting=acting, case=case, **values)
