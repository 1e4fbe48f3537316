"""The workflow table is the one source of the case workflow: these checks fail when a state
or a step is missing from it, or when a page, the API or the services drift from it."""

import inspect
from pathlib import Path

from apps.api.case_views import ACTION_BODIES
from apps.cases import forms, services
from apps.cases.workflow import (
    ALL_STATES,
    CLOSED_STATES,
    STATES,
    STEPS,
    TRANSITIONS,
    Status,
    Who,
)

ACTIONS_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "cases" / "_actions.html"


def test_every_status_has_its_row_and_every_row_a_status():
    assert set(STATES) == set(Status.values)
    assert set(ALL_STATES) == set(Status.values)


def test_every_open_state_has_a_way_forward_and_closed_states_only_reopen():
    moves = {n: step for n, step in STEPS.items() if step.transition and not step.keeps_state}
    for status in Status.values:
        leaving = {name for name, step in moves.items() if status in step.sources}
        if status in CLOSED_STATES:
            assert leaving <= {"reopen"}, status
        else:
            assert leaving, f"no step leaves {status}"
        state = STATES[status]
        if state.main_step:
            assert status in STEPS[state.main_step].sources, status


def test_every_step_names_states_people_a_service_and_a_form_that_exist():
    for name, step in STEPS.items():
        assert step.sources and set(step.sources) <= set(Status.values), name
        assert step.who and set(step.who) <= set(Who), name
        service = getattr(services, step.service)
        parameters = inspect.signature(service).parameters
        assert parameters["acting"].kind is inspect.Parameter.KEYWORD_ONLY, name
        if step.transition:
            assert "case" in parameters, name
        if step.form:
            assert issubclass(getattr(forms, step.form), forms.StepForm), name
        assert str(step.label), name


def test_the_page_and_the_api_offer_every_step_of_the_table():
    assert set(ACTION_BODIES) == set(TRANSITIONS)
    template = ACTIONS_TEMPLATE.read_text()
    for name, step in STEPS.items():
        if step.transition or step.form == "FollowUpForm" or name == "link_shared":
            assert f'"{name}" in actions' in template, f"the case page has no place for {name}"


def test_templates_ask_flags_not_status_or_role_strings():
    root = Path(__file__).resolve().parents[3]
    offenders = []
    for path in [*root.glob("apps/*/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        text = path.read_text()
        for needle in ("case.status ==", "case.status in", "membership.role ==", "role !="):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert not offenders
