"""The aspiration endpoints: a citizen without an account sends and tracks; the office's
staff read the inbox and take the steps; every error has the one shape and is documented."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from apps.api.tests.test_cases_api import client_for
from apps.aspirations import services
from apps.aspirations.models import Aspiration
from apps.aspirations.workflow import STEPS

pytestmark = pytest.mark.django_db


def body(office, **extra):
    return {
        "village": office.villages.get(slug="bungin").pk,
        "category": office.categories.get(name="Lembaga kemasyarakatan desa").pk,
        "title": "Karang Taruna tidak aktif",
        "text": "Pemuda ingin ada pelatihan.",
        **extra,
    }


def test_a_citizen_sends_and_tracks_without_an_account(office):
    citizen = APIClient()
    sent = citizen.post(
        "/api/v1/aspirations", body(office, anonymous=True, name="Budi"), format="json"
    )
    assert sent.status_code == 201, sent.content
    data = sent.json()
    code = data["tracking_code"]
    assert data["status"] == "diterima" and data["case"] is None
    assert "Budi" not in sent.content.decode()
    assert Aspiration.objects.get(tracking_code=code).name == ""
    tracked = citizen.get(f"/api/v1/aspirations/track/{code.lower()}")
    assert tracked.status_code == 200 and tracked.json()["tracking_code"] == code
    missing = citizen.get("/api/v1/aspirations/track/ASP-2222-2222")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_refusals_have_the_one_error_shape(office, other_office):
    citizen = APIClient()
    wrong_type = citizen.post("/api/v1/aspirations", {"title": 5}, format="json")
    assert wrong_type.status_code == 400 and set(wrong_type.json()["errors"]) == {"title"}
    missing = citizen.post("/api/v1/aspirations", {"title": "Jalan"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"village", "category", "text"}
    foreign = body(office, village=other_office.villages.first().pk)
    refused = citizen.post("/api/v1/aspirations", foreign, format="json")
    assert refused.status_code == 422 and "village" in refused.json()["errors"]
    blank = citizen.post("/api/v1/aspirations", body(office, title="   "), format="json")
    assert blank.status_code in (400, 422) and "title" in blank.json()["errors"]


def test_the_rate_limit_is_a_429(office):
    citizen = APIClient()
    for _ in range(services.PER_ADDRESS_PER_HOUR):
        assert citizen.post("/api/v1/aspirations", body(office), format="json").status_code == 201
    over = citizen.post("/api/v1/aspirations", body(office), format="json")
    assert over.status_code == 429
    assert over.json()["code"] == "throttled" and "Terlalu banyak" in over.json()["detail"]


def test_the_inbox_is_for_staff_and_follows_the_policy(office):
    aspiration = services.submit_aspiration(
        office=office,
        village=office.villages.get(slug="bungin"),
        category=office.categories.get(name="Lembaga kemasyarakatan desa"),
        title="Karang Taruna",
        text="Tidak aktif.",
        anonymous=True,
    )
    village = client_for("desa-bungin")
    assert village.get("/api/v1/aspirations").status_code == 403
    assert village.get(f"/api/v1/aspirations/{aspiration.pk}").status_code == 403
    assert APIClient().get("/api/v1/aspirations").status_code == 401
    pem = client_for("pem")  # not PEM's category
    assert pem.get("/api/v1/aspirations").json()["count"] == 0
    assert pem.get(f"/api/v1/aspirations/{aspiration.pk}").status_code == 404
    pmd = client_for("pmd")
    listed = pmd.get("/api/v1/aspirations").json()
    assert listed["count"] == 1 and listed["results"][0]["name"] == ""
    assert listed["results"][0]["actions"] == ["answer", "reject", "review"]
    refused = pmd.post(
        f"/api/v1/aspirations/{aspiration.pk}/actions/make_case",
        {"village": aspiration.village_id, "category": aspiration.category_id},
        format="json",
    )
    assert refused.status_code == 403
    sekcam = client_for("sekcam")
    made = sekcam.post(
        f"/api/v1/aspirations/{aspiration.pk}/actions/make_case",
        {"village": aspiration.village_id, "category": aspiration.category_id},
        format="json",
    )
    assert made.status_code == 200, made.content
    assert made.json()["status"] == "ditindaklanjuti" and made.json()["case"]
    again = sekcam.post(f"/api/v1/aspirations/{aspiration.pk}/actions/review", format="json")
    assert again.status_code == 409
    public = APIClient().get(f"/api/v1/aspirations/track/{aspiration.tracking_code}").json()
    assert public["case"]["status_label"] and public["case"]["answered"] is False


def test_the_document_describes_every_aspiration_operation():
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    paths = document["paths"]
    create = paths["/api/v1/aspirations"]["post"]
    assert {"201", "400", "413", "415", "422", "429"} <= set(create["responses"])
    assert "security" not in create  # no login: the document asks for no token
    assert "404" in paths["/api/v1/aspirations/track/{code}"]["get"]["responses"]
    for step in STEPS:
        operation = paths[f"/api/v1/aspirations/{{id}}/actions/{step}"]["post"]
        assert {"200", "403", "404", "409"} <= set(operation["responses"]), step
    listing = paths["/api/v1/aspirations"]["get"]["responses"]
    assert {"200", "400", "401", "403"} <= set(listing)
