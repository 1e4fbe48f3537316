"""The workflow tables are the one source of the alert and incident workflows: these checks
fail when a state or a step is missing, or when a page, the API or the services drift."""

import inspect
from pathlib import Path

import pytest

from apps.alerts import forms, services, views
from apps.alerts.workflow import (
    CLOSED,
    INCIDENT_STATES,
    INCIDENT_STEPS,
    LIVE,
    STATES,
    STEPS,
    IncidentStatus,
    Status,
    Who,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "alerts"


def test_every_status_has_its_row_and_every_row_a_status():
    assert set(STATES) == set(Status.values)
    assert set(INCIDENT_STATES) == set(IncidentStatus.values)


def test_every_open_state_has_a_way_forward_and_closed_states_none():
    for table, steps, closed in (
        (STATES, STEPS, CLOSED),
        (INCIDENT_STATES, INCIDENT_STEPS, [s for s, v in INCIDENT_STATES.items() if v.closed]),
    ):
        for status in table:
            leaving = {n for n, s in steps.items() if status in s.sources and not s.keeps_state}
            if status in closed:
                assert not leaving, status
            else:
                assert leaving, f"no step leaves {status}"
            main = table[status].main_step
            if main:
                assert status in steps[main].sources, status


def test_live_states_are_published_and_every_published_message_has_a_cap_type():
    for status in LIVE:
        assert STATES[status].published and not STATES[status].closed
    for status, state in STATES.items():
        assert state.msg_type in ("", "Alert", "Update", "Cancel"), status


def test_every_step_names_states_people_a_service_and_a_form_that_exist():
    for table, source in ((STEPS, Status), (INCIDENT_STEPS, IncidentStatus)):
        for name, step in table.items():
            assert step.sources and set(step.sources) <= set(source.values), name
            assert step.who and set(step.who) <= set(Who), name
            service = getattr(services, step.service)
            parameters = inspect.signature(service).parameters
            assert parameters["acting"].kind is inspect.Parameter.KEYWORD_ONLY, name
            if step.form:
                assert issubclass(getattr(forms, step.form), forms.forms.Form), name
            assert str(step.label), name


@pytest.mark.django_db
def test_the_pages_offer_every_step_people_take():
    page = (TEMPLATES / "alert_detail.html").read_text()
    for name, step in STEPS.items():
        if Who.SYSTEM in step.who:
            continue
        assert f'"{name}" in actions' in page, f"the alert page has no place for {name}"
    # Incident steps come from the table itself: every step with a form gets one.
    incident = IncidentStatus
    for name, step in INCIDENT_STEPS.items():
        if step.form:
            probe = type("Probe", (), {"office_id": 0, "status": incident.REPORTED})()
            assert views.incident_step_form(name, probe) is not None, name
    assert '"verify" in actions' in (TEMPLATES / "incident_detail.html").read_text()


def test_the_delivery_steps_are_the_ones_the_acknowledge_door_takes():
    delivery_steps = {n for n, s in STEPS.items() if s.on == "delivery"}
    assert delivery_steps == {"acknowledge", "report_state"}
    for name in delivery_steps:
        assert STEPS[name].who == frozenset({Who.VILLAGE})


def test_templates_ask_flags_not_status_or_role_strings():
    root = Path(__file__).resolve().parents[3]
    offenders = []
    for path in [*root.glob("apps/*/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        text = path.read_text()
        for needle in ("alert.status ==", "incident.status ==", "membership.role", "role =="):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert not offenders
