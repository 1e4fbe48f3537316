"""The aspiration workflow in one table, in the shape of the cases' (`apps/cases/workflow.py`).

A citizen's aspiration arrives *Diterima* (received) in the office's review queue: nothing of
it is public but to the holder of its tracking code. The office takes it into review, then
rejects it with a reason the citizen reads, answers it publicly, or turns it into a case for
the village concerned; the citizen's code then shows the case's public progress and answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "diterima", _("Received")
    IN_REVIEW = "ditelaah", _("Under review")
    REJECTED = "ditolak", _("Rejected")
    ANSWERED = "dijawab", _("Answered")
    CASE = "ditindaklanjuti", _("Handled as a case")


class Who(StrEnum):
    """Who may take a step, relative to the aspiration (the policy says how)."""

    LEADER = "leader"  # the camat or a secretary of the aspiration's office
    SECTION = "section"  # an officer of the section its category routes to


@dataclass(frozen=True)
class State:
    waiting_for: str = ""
    closed: bool = False
    # What the citizen's lookup says about this state.
    public_note: str = ""
    main_step: str = ""


STATES: dict[str, State] = {
    Status.RECEIVED: State(
        waiting_for=_("review by the office"),
        public_note=_("The office has received your aspiration and will review it."),
        main_step="review",
    ),
    Status.IN_REVIEW: State(
        waiting_for=_("a decision: answer, reject or turn into a case"),
        public_note=_("An officer is reviewing your aspiration."),
        main_step="answer",
    ),
    Status.REJECTED: State(
        closed=True, public_note=_("The office did not take up your aspiration.")
    ),
    Status.ANSWERED: State(closed=True, public_note=_("The office has answered.")),
    Status.CASE: State(
        closed=True,
        public_note=_(
            "The office is handling your aspiration as a coordination case with the village."
        ),
    ),
}

OPEN_STATES = tuple(s for s, state in STATES.items() if not state.closed)
CLOSED_STATES = tuple(s for s, state in STATES.items() if state.closed)
# Reviewed: the office has looked at it (the review queue holds the rest).
REVIEWED_STATES = tuple(s for s in STATES if s != Status.RECEIVED)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    who: frozenset[Who]
    service: str  # the function in `apps.aspirations.services`
    form: str = ""  # the form in `apps.aspirations.forms`


HANDLERS = frozenset({Who.LEADER, Who.SECTION})
LEADER = frozenset({Who.LEADER})
OPEN = (Status.RECEIVED, Status.IN_REVIEW)

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("review", _("Take into review"), (Status.RECEIVED,), HANDLERS, "aspiration_review"),
        Step("answer", _("Answer publicly"), OPEN, HANDLERS, "aspiration_answer",
             form="AnswerForm"),
        Step("reject", _("Reject"), OPEN, HANDLERS, "aspiration_reject", form="RejectForm"),
        # A case is opened for a village by the camat or a secretary (cases.policy).
        Step("make_case", _("Turn into a case"), OPEN, LEADER, "aspiration_make_case",
             form="MakeCaseForm"),
    )
}  # fmt: skip
