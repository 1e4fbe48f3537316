"""The early-warning endpoints: the same policy and services as the pages."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Membership
from apps.alerts import services
from apps.alerts.values import Certainty, Hazard, Severity, Urgency
from apps.core import clock
from tests_support.factories import PASSWORD


def client_for(username, password=PASSWORD):
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 201, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    return api


def member(username):
    return Membership.objects.select_related("office", "village", "section").get(
        user__username=username, office__region__code="63.11.07"
    )


def issue(office, *slugs, **fields):
    values = {
        "hazard": Hazard.FLOOD,
        "severity": Severity.SEVERE,
        "urgency": Urgency.EXPECTED,
        "certainty": Certainty.LIKELY,
        "headline": "Sungai Balangan berpotensi meluap",
        "description": "Tinggi muka air naik 80 cm dalam 12 jam.",
        "expires": clock.now() + dt.timedelta(hours=12),
        "villages": list(office.villages.filter(slug__in=slugs or ("inan", "bungin"))),
    } | fields
    return services.alert_create(
        acting=member("trantib"), values=services.AlertInput(**values), issue=True
    )


@pytest.mark.django_db
def test_a_village_lists_its_alerts_and_acknowledges_then_reports_a_change(office):
    mine = issue(office)
    issue(office, "halubau", headline="Untuk Halubau saja")
    inan = client_for("desa-inan")
    listing = inan.get("/api/v1/alerts").json()
    assert [a["id"] for a in listing["results"]] == [mine.pk]
    row = listing["results"][0]
    assert row["counts"] is None and row["my_delivery"]["pending"] is True
    assert row["actions"] == ["acknowledge"]
    assert row["cap_url"] == f"/api/v1/alerts/{mine.pk}.cap"
    first = inan.post(
        f"/api/v1/alerts/{mine.pk}/acknowledge", {"state": "terdampak", "note": "Air masuk."},
        format="json",
    )  # fmt: skip
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["my_delivery"]["state"] == "terdampak" and body["deliveries"] is None
    assert body["actions"] == ["report_state"]
    again = inan.post(f"/api/v1/alerts/{mine.pk}/acknowledge", {"state": "aman"}, format="json")
    assert again.json()["my_delivery"]["state"] == "aman"
    assert mine.deliveries.get(village__slug="inan").reports.count() == 2
    bad = inan.post(f"/api/v1/alerts/{mine.pk}/acknowledge", {"state": "banjir"}, format="json")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_staff_read_the_board_and_cannot_acknowledge_and_others_get_404(office):
    alert = issue(office)
    camat = client_for("camat")
    detail = camat.get(f"/api/v1/alerts/{alert.pk}").json()
    assert len(detail["deliveries"]) == 2
    assert detail["counts"] == {"targets": 2, "acknowledged": 0, "affected": 0, "late": 0}
    listed = camat.get("/api/v1/alerts").json()["results"][0]
    assert listed["counts"] == {"targets": 2, "acknowledged": 0, "affected": 0, "late": 0}
    assert "update" in listed["actions"] and "cancel" in listed["actions"]
    refused = camat.post(f"/api/v1/alerts/{alert.pk}/acknowledge", {"state": "aman"}, format="json")
    assert refused.status_code == 403
    halubau = client_for("desa-halubau")
    assert halubau.get(f"/api/v1/alerts/{alert.pk}").status_code == 404
    assert (
        halubau.post(f"/api/v1/alerts/{alert.pk}/acknowledge", {"state": "aman"}, format="json")
        .status_code == 404
    )  # fmt: skip
    services.alert_cancel(acting=member("trantib"), alert=alert, reason="Air surut.")
    ended = client_for("desa-inan").post(
        f"/api/v1/alerts/{alert.pk}/acknowledge", {"state": "aman"}, format="json"
    )
    assert ended.status_code == 409
    assert client_for("desa-inan").get("/api/v1/alerts?stage=ended").json()["count"] == 1


@pytest.mark.django_db
def test_incidents_and_readiness_through_the_api(office):
    inan = client_for("desa-inan")
    created = inan.post(
        "/api/v1/incidents",
        {
            "hazard": "longsor",
            "occurred_at": clock.now().isoformat(),
            "place": "Tebing RT 05",
            "description": "Tanah longsor menutup jalan desa.",
            "people_affected": 40,
            "idempotency_key": "hp-1",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["village"]["name"] == "Desa Inan"
    again = inan.post(
        "/api/v1/incidents",
        {"hazard": "longsor", "occurred_at": clock.now().isoformat(), "place": "x",
         "description": "y"},
        format="json", HTTP_IDEMPOTENCY_KEY="hp-1",
    )  # fmt: skip
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    bungin = office.villages.get(slug="bungin")
    other = inan.post(
        "/api/v1/incidents",
        {"village": bungin.pk, "hazard": "banjir", "occurred_at": clock.now().isoformat(),
         "place": "x", "description": "y"},
        format="json",
    )  # fmt: skip
    assert other.status_code == 422  # well formed, names a village not theirs
    refused = client_for("pmd").post(
        "/api/v1/incidents",
        {"hazard": "banjir", "occurred_at": clock.now().isoformat(), "place": "x",
         "description": "y"},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 403
    assert client_for("camat").get("/api/v1/incidents").json()["count"] == 1
    assert client_for("desa-bungin").get("/api/v1/incidents").json()["count"] == 0
    village = office.villages.get(slug="inan")
    readiness = inan.get(f"/api/v1/readiness/{village.pk}").json()
    assert readiness["level"] == "none" and len(readiness["checklist"]) == 5
    assert client_for("desa-bungin").get(f"/api/v1/readiness/{village.pk}").status_code == 404


@pytest.mark.django_db
def test_the_openapi_document_carries_the_early_warning(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/alerts",
        "/api/v1/alerts/{id}",
        "/api/v1/alerts/{id}.cap",
        "/api/v1/alerts/{id}/acknowledge",
        "/api/v1/incidents",
        "/api/v1/readiness/{village}",
    ):
        assert path in paths, path
