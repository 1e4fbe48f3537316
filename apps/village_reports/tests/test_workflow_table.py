"""The workflow table is the one source of the report workflow: these checks fail when a state
or a step is missing from it, or when the services, forms, page or API drift from it."""

import inspect
from pathlib import Path

from apps.api.report_views import REVIEW_BODIES
from apps.village_reports import forms, services
from apps.village_reports.workflow import ALL_STATES, REVIEW_STEPS, STATES, STEPS, Status, Who

DETAIL = (
    Path(__file__).resolve().parents[1] / "templates" / "village_reports" / "report_detail.html"
)


def test_every_status_has_its_row_and_every_row_a_status():
    assert set(STATES) == set(Status.values) == set(ALL_STATES)


def test_every_state_but_the_accepted_one_has_a_way_forward():
    for status in Status.values:
        leaving = {
            n for n, step in STEPS.items() if status in step.sources and not step.keeps_state
        }
        if STATES[status].closed:
            assert not leaving, status
        else:
            assert leaving, f"no step leaves {status}"
        if STATES[status].main_step:
            assert status in STEPS[STATES[status].main_step].sources


def test_every_step_names_states_people_a_service_and_a_form_that_exist():
    for name, step in STEPS.items():
        assert step.sources and set(step.sources) <= set(Status.values), name
        assert step.who and set(step.who) <= set(Who), name
        service = getattr(services, step.service)
        parameters = inspect.signature(service).parameters
        assert parameters["acting"].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert getattr(forms, step.form), name
        assert str(step.label), name


def test_the_review_page_and_the_api_offer_every_review_step():
    assert (
        set(REVIEW_BODIES)
        == set(REVIEW_STEPS)
        == {n for n, s in STEPS.items() if Who.REVIEWER in s.who}
    )
    assert "review_steps" in DETAIL.read_text()


def test_a_sent_report_counts_in_the_matrix_and_a_draft_does_not():
    assert STATES[Status.SUBMITTED].sent and STATES[Status.ACCEPTED].sent
    assert not STATES[Status.DRAFT].sent and not STATES[Status.RETURNED].sent
