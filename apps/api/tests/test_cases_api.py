"""The cases API: same policy, same services, stable field names, 400/403/404/409."""

import json

import pytest
from rest_framework.test import APIClient

from apps.cases.models import Case, Status
from tests_support.factories import PASSWORD


def client_for(username, password=PASSWORD):
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token", {"username": username, "password": password}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def create(api, office, **extra):
    body = {
        "title": "Laporan APBDes",
        "description": "Mohon pendampingan.",
        "category": office.categories.get(name="Keuangan desa").pk,
        "urgency": "sedang",
        **extra,
    }
    return api.post("/api/v1/cases", body, format="json")


@pytest.mark.django_db
def test_a_village_creates_a_case_idempotently_and_reads_it_back(office):
    inan = client_for("desa-inan")
    first = create(inan, office, idempotency_key="abc")
    assert first.status_code == 201
    data = first.json()
    for field in (
        "id",
        "tracking_number",
        "village",
        "category",
        "urgency",
        "status",
        "status_label",
        "section",
        "response_due",
        "resolution_due",
        "created_at",
    ):
        assert field in data, field
    assert data["status"] == "diajukan" and data["status_label"] == "Diajukan"
    assert data["village"]["code"] == "63.11.07.2003"
    again = inan.post(
        "/api/v1/cases",
        {
            "title": "Laporan APBDes",
            "description": "Mohon pendampingan.",
            "category": data["category"]["id"],
            "urgency": "sedang",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Case.objects.count() == 1
    by_number = inan.get(f"/api/v1/cases/{data['tracking_number']}")
    assert by_number.status_code == 200 and by_number.json()["id"] == data["id"]
    assert (
        inan.get(f"/api/v1/cases/{data['id']}").json()["tracking_number"] == data["tracking_number"]
    )


@pytest.mark.django_db
def test_bad_bodies_answer_400_with_field_errors(office):
    inan = client_for("desa-inan")
    response = inan.post("/api/v1/cases", {"title": "", "urgency": "sangat"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"title", "description", "category", "urgency"} <= set(errors)
    # Well formed, but naming no category of the caller's office: refused by a rule, 422.
    foreign = create(inan, office, category=999999)
    assert foreign.status_code == 422 and "category" in foreign.json()["errors"]


@pytest.mark.django_db
def test_staff_cannot_create_and_other_villages_get_404(office):
    camat = client_for("camat")
    assert create(camat, office).status_code == 403
    case_id = create(client_for("desa-inan"), office).json()["id"]
    bungin = client_for("desa-bungin")
    for path in (
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/comments",
        f"/api/v1/cases/{case_id}/follow-ups",
    ):
        assert bungin.get(path).status_code == 404, path
    assert (
        bungin.post(
            f"/api/v1/cases/{case_id}/actions/confirm", {"rating": 5}, format="json"
        ).status_code
        == 404
    )
    assert bungin.get("/api/v1/cases").json()["count"] == 0


@pytest.mark.django_db
def test_actions_walk_the_workflow_with_403_and_409(office):
    inan = client_for("desa-inan")
    case = create(inan, office).json()
    base = f"/api/v1/cases/{case['id']}/actions"
    sekcam, camat, pmd = client_for("sekcam"), client_for("camat"), client_for("pmd")
    assert pmd.post(f"{base}/verify").status_code == 403
    assert sekcam.post(f"{base}/reject", {}, format="json").status_code == 400
    verified = sekcam.post(f"{base}/verify")
    assert verified.status_code == 200 and verified.json()["status"] == "diverifikasi"
    again = sekcam.post(f"{base}/verify")
    assert again.status_code == 409 and again.json()["detail"]
    pmd_section = office.sections.get(short_name="PMD").pk
    disposed = camat.post(
        f"{base}/dispose", {"section": pmd_section, "instruction": "Tindak lanjuti"}, format="json"
    )
    assert disposed.json()["status"] == "didisposisi"
    assert pmd.post(f"{base}/assign", {}, format="json").json()["status"] == "diproses"
    answered = pmd.post(
        f"{base}/answer",
        {
            "response": "Kami dampingi",
            "solution": "Kamis",
            "follow_ups": [
                {
                    "action": "Kunjungan",
                    "owner_kind": "seksi",
                    "owner_section": pmd_section,
                    "due_date": "2026-12-10",
                }
            ],
        },
        format="json",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "ditanggapi"
    follow_ups = pmd.get(f"/api/v1/cases/{case['id']}/follow-ups").json()
    fid = follow_ups[0]["id"]
    done = pmd.post(
        f"/api/v1/cases/{case['id']}/follow-ups/{fid}/complete", {"note": "Sudah"}, format="json"
    )
    assert done.json()["status"] == "selesai"
    assert inan.post(f"{base}/confirm", {"rating": 9}, format="json").status_code == 400
    confirmed = inan.post(f"{base}/confirm", {"rating": 5, "comment": "Mantap"}, format="json")
    assert confirmed.json()["status"] == "selesai" and confirmed.json()["rating"] == 5
    assert inan.post(f"{base}/nonsense").status_code == 404
    assert Case.objects.get().status == Status.RESOLVED


@pytest.mark.django_db
def test_internal_comments_never_reach_the_village_through_the_api(office):
    inan = client_for("desa-inan")
    case_id = create(inan, office).json()["id"]
    pmd = client_for("pmd")
    path = f"/api/v1/cases/{case_id}/comments"
    assert (
        pmd.post(path, {"body": "Catatan rahasia", "internal": True}, format="json").status_code
        == 201
    )
    assert pmd.post(path, {"body": "Untuk desa"}, format="json").status_code == 201
    assert inan.post(path, {"body": "x", "internal": True}, format="json").status_code == 403
    village_view = inan.get(path).json()
    assert [c["body"] for c in village_view] == ["Untuk desa"]
    assert "Catatan rahasia" not in json.dumps(inan.get(f"/api/v1/cases/{case_id}").json())
    assert len(pmd.get(path).json()) == 2


@pytest.mark.django_db
def test_list_filters_and_openapi(office, client):
    inan = client_for("desa-inan")
    create(inan, office, urgency="darurat", title="Banjir")
    create(inan, office, urgency="rendah", title="Komputer")
    camat = client_for("camat")
    assert camat.get("/api/v1/cases?urgency=darurat").json()["count"] == 1
    assert camat.get("/api/v1/cases?q=komputer").json()["results"][0]["title"] == "Komputer"
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    for path in (
        "/api/v1/cases",
        "/api/v1/cases/{key}",
        "/api/v1/cases/{key}/comments",
        "/api/v1/cases/{key}/follow-ups",
        "/api/v1/cases/{key}/follow-ups/{fid}/complete",
        "/api/v1/cases/{key}/actions/verify",
        "/api/v1/cases/{key}/actions/return",
    ):
        assert path in schema["paths"], path


@pytest.mark.django_db
def test_attachments_and_evidence_travel_as_multipart(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    inan = client_for("desa-inan")
    body = {
        "title": "Dengan lampiran",
        "description": "Lihat berkas.",
        "category": office.categories.get(name="Keuangan desa").pk,
        "urgency": "sedang",
        "attachments": [SimpleUploadedFile("a.pdf", pdf)],
    }
    created = inan.post("/api/v1/cases", body, format="multipart")
    assert created.status_code == 201, created.content
    assert Case.objects.get().attachments.count() == 1
    bad = inan.post(
        "/api/v1/cases",
        {**body, "attachments": [SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\0" * 64)]},
        format="multipart",
    )
    assert bad.status_code == 422 and "attachments" in bad.json()["errors"]
