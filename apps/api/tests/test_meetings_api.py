"""The agenda's endpoints: the same policy and services as the pages, in the OpenAPI
document."""

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.core import clock
from apps.meetings.models import Availability, Room
from apps.meetings.tests.conftest import TUESDAY, at
from apps.offices.services import masterdata_save


def client_for(username):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


@pytest.fixture
def hours(office):
    room = Room.objects.get(office=office)
    masterdata_save(
        actor=None, office=office, instance=Availability(),
        values={"section": office.sections.get(short_name="PMD"), "weekday": 1,
                "start_time": dt.time(9), "end_time": dt.time(12), "room": room},
    )  # fmt: skip
    return room


@pytest.mark.django_db
def test_meetings_are_scheduled_by_staff_and_checked_in_by_invitees(office, hours):
    body = {
        "kind": "rakor",
        "title": "Rakor API",
        "starts_at": at(TUESDAY, 13).isoformat(),
        "ends_at": at(TUESDAY, 14).isoformat(),
        "section": office.sections.get(short_name="PEM").pk,
        "room": hours.pk,
        "villages": [office.villages.get(slug="inan").pk],
        "agenda": [{"title": "Pembukaan"}],
    }
    with clock.frozen(at(TUESDAY - dt.timedelta(days=2), 9)):
        refused = client_for("desa-inan").post("/api/v1/meetings", body, format="json")
        assert refused.status_code == 403
        created = client_for("sekcam").post("/api/v1/meetings", body, format="json")
    assert created.status_code == 201, created.content
    meeting = created.json()
    inan = client_for("desa-inan")
    with clock.frozen(at(TUESDAY, 8)):
        assert [m["title"] for m in inan.get("/api/v1/meetings").json()["results"]] == ["Rakor API"]
        assert client_for("desa-bungin").get(f"/api/v1/meetings/{meeting['id']}").status_code == 404
    path = f"/api/v1/meetings/{meeting['id']}/attendance"
    from apps.meetings.models import Meeting

    token = Meeting.objects.get(pk=meeting["id"]).checkin_token
    with clock.frozen(at(TUESDAY, 8)):
        assert inan.post(path, {"token": token}, format="json").status_code == 409  # too early
    with clock.frozen(at(TUESDAY, 13, 10)):
        checked = inan.post(path, {"token": token}, format="json")
        assert checked.status_code == 200 and checked.json()["checked_in_at"]
        assert inan.post(path, {"token": token}, format="json").status_code == 409  # once
    assert client_for("sekcam").get(path).json()[0]["name"] == "Rahmadi"


@pytest.mark.django_db
def test_consultations_book_confirm_and_the_board(office, hours):
    inan, pmd = client_for("desa-inan"), client_for("pmd")
    body = {
        "section": office.sections.get(short_name="PMD").pk,
        "starts_at": at(TUESDAY, 9).isoformat(),
        "topic": "Konsultasi APBDes",
    }
    with clock.frozen(at(TUESDAY - dt.timedelta(days=2), 9)):
        booked = inan.post("/api/v1/consultations", body, format="json")
        assert booked.status_code == 201, booked.content
        again = client_for("desa-bungin").post("/api/v1/consultations", body, format="json")
        assert again.status_code == 409
        cid = booked.json()["id"]
        assert inan.post(f"/api/v1/consultations/{cid}/confirm").status_code == 403
        confirmed = pmd.post(f"/api/v1/consultations/{cid}/confirm")
        assert confirmed.json()["status"] == "dikonfirmasi"
        assert client_for("desa-bungin").get("/api/v1/consultations").json()["count"] == 0
        assert inan.get("/api/v1/consultations").json()["count"] == 1
    board = client_for("camat").get("/api/v1/follow-ups?status=terbuka")
    assert board.status_code == 200 and board.json()["count"] == 0


@pytest.mark.django_db
def test_the_agenda_endpoints_are_in_the_openapi_document(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    for path in (
        "/api/v1/meetings",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/{id}/attendance",
        "/api/v1/consultations",
        *(
            f"/api/v1/consultations/{{id}}/{step}"
            for step in ("confirm", "propose", "accept", "cancel")
        ),
        "/api/v1/follow-ups",
    ):
        assert path in schema["paths"], path
