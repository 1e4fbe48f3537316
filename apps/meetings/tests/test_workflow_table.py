"""The agenda's workflow tables are whole: every status has its row, every step names states,
people and a service that exist, every open state has a way out, and the pages and the API
offer the steps of the tables."""

import inspect
from pathlib import Path

from apps.api.meeting_views import CONSULTATION_BODIES
from apps.meetings import services
from apps.meetings.policy import CONSULTATION_WHO, MEETING_WHO
from apps.meetings.workflow import (
    CONSULTATION_STATES,
    CONSULTATION_STEPS,
    MEETING_STATES,
    MEETING_STEPS,
    ConsultationStatus,
    MeetingStatus,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "meetings"


def test_every_status_has_its_row():
    assert set(MEETING_STATES) == set(MeetingStatus.values)
    assert set(CONSULTATION_STATES) == set(ConsultationStatus.values)


def test_every_step_names_states_people_and_a_service_that_exist():
    for steps, statuses, who in [
        (MEETING_STEPS, MeetingStatus.values, MEETING_WHO),
        (CONSULTATION_STEPS, ConsultationStatus.values, CONSULTATION_WHO),
    ]:
        for name, step in steps.items():
            assert step.sources and set(step.sources) <= set(statuses), name
            assert step.who and set(step.who) <= set(who), name
            service = getattr(services, step.service)
            parameters = inspect.signature(service).parameters
            assert parameters["acting"].kind is inspect.Parameter.KEYWORD_ONLY, name
            assert str(step.label), name
    assert set(services.MEETING_SERVICES) == set(MEETING_STEPS)
    for name, step in MEETING_STEPS.items():
        assert services.MEETING_SERVICES[name] is getattr(services, step.service)


def test_every_open_state_has_a_way_out_and_closed_states_none():
    for states, steps in [
        (MEETING_STATES, MEETING_STEPS),
        (CONSULTATION_STATES, CONSULTATION_STEPS),
    ]:
        moves = {n: s for n, s in steps.items() if not s.keeps_state}
        for status, state in states.items():
            leaving = {n for n, s in moves.items() if status in s.sources}
            assert bool(leaving) != state.closed, status


def test_the_pages_and_the_api_offer_every_step():
    detail = (TEMPLATES / "meeting_detail.html").read_text()
    for name in MEETING_STEPS:
        if name != "check_in":  # the QR link's own page
            assert f'"{name}" in steps' in detail, name
    assert '"can"' not in detail
    consultation = (TEMPLATES / "consultation_detail.html").read_text()
    for name in CONSULTATION_STEPS:
        assert f'"{name}" in steps' in consultation, name
    assert set(CONSULTATION_BODIES) == set(CONSULTATION_STEPS)
