"""The workflow table is whole: every state has its row, every step names a service and a
form that exist, and the page and the API offer exactly the table's steps."""

import pytest

from apps.api.aspiration_serializers import STEP_BODIES
from apps.aspirations import forms, services
from apps.aspirations.workflow import STATES, STEPS, Status


def test_every_status_has_a_row_with_a_public_note():
    assert set(STATES) == set(Status.values)
    assert all(state.public_note for state in STATES.values())


def test_every_step_names_a_service_and_a_form_that_exist():
    for name, step in STEPS.items():
        assert callable(getattr(services, step.service)), name
        if step.form:
            assert issubclass(getattr(forms, step.form), forms.StepForm), name
        assert set(step.sources) <= set(Status.values), name


def test_every_open_state_can_be_decided_and_closed_ones_cannot_move():
    for status, state in STATES.items():
        moves = {name for name, step in STEPS.items() if status in step.sources}
        if state.closed:
            assert not moves, status
        else:
            assert {"answer", "reject", "make_case"} <= moves, status


def test_the_api_offers_the_tables_steps():
    assert set(STEP_BODIES) == set(STEPS)


@pytest.mark.django_db
def test_the_page_offers_the_steps_the_policy_allows(login, send):
    aspiration = send()
    page = login("sekcam").get(f"/aspirasi/kotak-masuk/{aspiration.pk}/").content.decode()
    for name in STEPS:
        assert f'id="step-{name}"' in page, name
