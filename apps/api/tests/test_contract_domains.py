"""What the contract run found in the newest domains' operations (early warning, agenda,
follow-ups, village reports) once it covered them: each a request a phone app could send."""

import json

import pytest
from django.test import Client

from apps.api.tests.test_cases_api import client_for
from apps.core import clock


def incident(api, **fields):
    body = {
        "hazard": "banjir",
        "occurred_at": clock.now().isoformat(),
        "place": "RT 02",
        "description": "Air masuk rumah.",
        **fields,
    }
    return api.post("/api/v1/incidents", body, format="json")


@pytest.mark.django_db
def test_an_incident_count_past_the_database_is_a_400_not_a_500(office):
    inan = client_for("desa-inan")
    response = incident(inan, houses_damaged=39278155059161219072)
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {"houses_damaged"}
    assert incident(inan, houses_damaged=2**31 - 1).status_code == 201


@pytest.mark.django_db
def test_an_incident_far_off_the_map_or_long_ago_is_refused_by_the_rule(office):
    inan = client_for("desa-inan")
    # The page's form checked the range; the API let -967° through to the database.
    off_map = incident(inan, latitude="-967.680400", longitude="115.5")
    assert off_map.status_code == 422 and "latitude" in off_map.json()["errors"]
    # The year 0024 came back with a local-mean-time offset that is no RFC 3339 date-time.
    ancient = incident(inan, occurred_at="0024-07-29T14:34:24Z")
    assert ancient.status_code == 422 and "occurred_at" in ancient.json()["errors"]
    assert incident(inan, latitude="-2.345678", longitude="115.501234").status_code == 201


@pytest.mark.django_db
def test_a_role_refused_answers_in_the_one_error_shape_before_the_body_is_read(office):
    refused = client_for("desa-inan").post("/api/v1/meetings", {}, format="json")
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "code"}  # it was {"detail"} alone
    assert client_for("camat").post("/api/v1/consultations", {}, format="json").status_code == 403
    assert client_for("pmd").post("/api/v1/incidents", {}, format="json").status_code == 403
    assert client_for("desa-inan").post("/api/v1/report-submissions", {}).status_code == 400


@pytest.mark.django_db
def test_ids_in_a_body_that_name_nothing_are_422_and_wrong_types_400(office):
    camat, inan = client_for("camat"), client_for("desa-inan")
    meeting = {
        "kind": "rakor",
        "title": "Rakor",
        "starts_at": "2099-01-01T09:00:00+08:00",
        "ends_at": "2099-01-01T10:00:00+08:00",
        "section": office.sections.first().pk,
        "place": "Aula",
    }
    for wrong in ({"section": 999999}, {"villages": [999999]}, {"people": [999999]}):
        response = camat.post("/api/v1/meetings", {**meeting, **wrong}, format="json")
        assert response.status_code == 422, (wrong, response.content)
        assert set(response.json()["errors"]) == set(wrong)
    as_text = camat.post("/api/v1/meetings", {**meeting, "is_public": "yes"}, format="json")
    assert as_text.status_code == 400 and "is_public" in as_text.json()["errors"]
    book = {"section": 999999, "starts_at": "2099-01-01T09:00:00+08:00", "topic": "Dana desa"}
    assert inan.post("/api/v1/consultations", book, format="json").status_code == 422
    report = {"obligation": 999999, "period_start": "2026-01-01"}
    assert inan.post("/api/v1/report-submissions", report, format="json").status_code == 422


@pytest.mark.django_db
def test_list_filters_are_checked_and_an_unseen_id_matches_nothing(office):
    inan, camat = client_for("desa-inan"), client_for("camat")
    assert incident(inan).status_code == 201
    for url in (
        "/api/v1/alerts?stage=AAA",
        "/api/v1/incidents?status=nope",
        "/api/v1/incidents?village=abc",
        "/api/v1/follow-ups?overdue=maybe",
        "/api/v1/follow-ups?due_from=2026-13-01",
        "/api/v1/meetings?past=maybe",
        "/api/v1/consultations?past=",
        "/api/v1/report-submissions?status=nope",
    ):
        response = camat.get(url)
        assert response.status_code == 400, url
    assert camat.get("/api/v1/incidents").json()["count"] == 1
    # The page's filter refused an id it does not offer, and the list came back unfiltered.
    assert camat.get("/api/v1/incidents?village=999999").json()["count"] == 0
    assert camat.get("/api/v1/follow-ups?village=999999").json()["count"] == 0
    assert inan.get("/api/v1/alerts?stage=draft").json()["count"] == 0


@pytest.mark.django_db
def test_each_step_has_its_own_operation_and_required_body():
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    paths, components = document["paths"], document["components"]["schemas"]

    def required(path):
        body = paths[path]["post"].get("requestBody")
        if body is None:
            return None
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        return components[ref].get("required", [])

    assert required("/api/v1/consultations/{id}/propose") == ["starts_at"]
    assert required("/api/v1/consultations/{id}/cancel") == ["reason"]
    assert required("/api/v1/consultations/{id}/confirm") is None
    assert required("/api/v1/report-submissions/{id}/review/return") == ["note"]
    assert required("/api/v1/report-submissions/{id}/review/accept") == []
    assert "/api/v1/consultations/{id}/{step}" not in paths
    # Values that are null until something happens say so.
    for component, field in (
        ("FigureSpec", "at_most"),
        ("Attendance", "checked_in_at"),
        ("FollowUpBoard", "completed_at"),
    ):
        assert components[component]["properties"][field].get("nullable") is True, component


@pytest.mark.django_db
def test_unknown_steps_are_404(office):
    camat = client_for("camat")
    assert camat.post("/api/v1/consultations/1/reschedule", {}, format="json").status_code == 404
    assert camat.post("/api/v1/report-submissions/1/review/reject").status_code == 404


@pytest.mark.django_db
def test_a_role_header_is_checked_on_the_public_cap_document_too():
    response = Client().get("/api/v1/alerts/1.cap", HTTP_X_RUKO_MEMBERSHIP="9223372036854775808")
    assert response.status_code == 400
    assert "X-Ruko-Membership" in response.json()["errors"]


@pytest.mark.django_db
def test_a_decimal_in_the_document_has_a_digit():
    """drf-spectacular's pattern let "." and "" through, which the API refuses."""
    import re

    document = json.loads(Client().get("/api/v1/openapi.json").content)
    components = document["components"]["schemas"]
    latitude = components["IncidentCreateRequest"]["properties"]["latitude"]["pattern"]
    figure = components["SubmissionCreateRequest"]["properties"]["figures"]
    figure = figure["additionalProperties"]["pattern"]
    for pattern in (latitude, figure):
        for good in ("1", "-2.5", ".5", "115."):
            assert re.match(pattern, good), (pattern, good)
        for bad in ("", "-", ".", "1e5"):
            assert not re.match(pattern, bad), (pattern, bad)
