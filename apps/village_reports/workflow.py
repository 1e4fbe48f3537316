"""The village report workflow in one table: its states and its steps (the shape of
`apps/cases/workflow.py`).

A village fills a report for one obligation and one period: it may keep it as a draft, then
submits it; the reviewing section accepts it or returns it with a note; a returned report is
corrected and submitted again. Services check a step with `policy.report_require`, the
report page shows the forms of the steps a person may take, the API offers the same steps,
and `tests/test_workflow_table.py` fails when a state or a step is missing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draf", _("Draft")
    SUBMITTED = "diajukan", _("Submitted")
    ACCEPTED = "diterima", _("Accepted")
    RETURNED = "dikembalikan", _("Returned for correction")


class Who(StrEnum):
    """Who may take a step, relative to the report (the policy says how each is recognised)."""

    VILLAGE = "village"  # an official of the village the report is from
    REVIEWER = "reviewer"  # an officer of the obligation's section, the camat or a secretary


@dataclass(frozen=True)
class State:
    waiting_for: str = ""
    with_village: bool = False  # the village has the next move
    sent: bool = False  # the office has it: it counts as submitted in the compliance matrix
    closed: bool = False
    main_step: str = ""


STATES: dict[str, State] = {
    Status.DRAFT: State(
        waiting_for=_("the village to submit it"), with_village=True, main_step="submit"
    ),
    Status.SUBMITTED: State(waiting_for=_("review by the section"), sent=True, main_step="accept"),
    Status.ACCEPTED: State(sent=True, closed=True),
    Status.RETURNED: State(
        waiting_for=_("the village to correct and submit it again"),
        with_village=True,
        main_step="submit",
    ),
}

SENT_STATES = tuple(s for s, state in STATES.items() if state.sent)
WITH_VILLAGE = tuple(s for s, state in STATES.items() if state.with_village)
ALL_STATES = tuple(STATES)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    who: frozenset[Who]
    service: str  # the function in `apps.village_reports.services` that takes it
    form: str = ""  # the form in `apps.village_reports.forms` the page shows for it
    keeps_state: bool = False


VILLAGE = frozenset({Who.VILLAGE})
REVIEWER = frozenset({Who.REVIEWER})

# A new report starts as a draft: `save` and `submit` also take a report that does not exist
# yet (the services treat it as a draft).
STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("save", _("Save as draft"), (Status.DRAFT, Status.RETURNED), VILLAGE,
             "report_save_draft", form="ReportForm", keeps_state=True),
        Step("submit", _("Submit"), (Status.DRAFT, Status.RETURNED), VILLAGE, "report_submit",
             form="ReportForm"),
        Step("accept", _("Accept"), (Status.SUBMITTED,), REVIEWER, "report_accept",
             form="ReviewForm"),
        Step("return", _("Return with a note"), (Status.SUBMITTED,), REVIEWER, "report_return",
             form="ReviewForm"),
    )
}  # fmt: skip

REVIEW_STEPS = ("accept", "return")
