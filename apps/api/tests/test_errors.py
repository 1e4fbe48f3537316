"""Hostile input never makes a 500, and every error under /api/v1/ is JSON of one shape
(`detail`, `code`, and `errors` when fields are at fault), in Indonesian by default."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from apps.api.tests.test_cases_api import client_for, create


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    if code:
        assert body["code"] == code, body
    for field, messages in body.get("errors", {}).items():
        assert isinstance(field, str)
        assert messages and all(isinstance(m, str) for m in messages)
    return body


@pytest.mark.django_db
def test_a_limit_past_64_bits_is_capped_instead_of_a_500(office):
    camat = client_for("camat")
    response = camat.get("/api/v1/cases?limit=99999999999999999999")
    assert response.status_code == 200
    villages = camat.get("/api/v1/villages?limit=99999999999999999999&offset=1")
    assert villages.status_code == 200
    assert len(villages.json()["results"]) == 15


@pytest.mark.django_db
def test_limit_is_capped_at_100(office):
    camat = client_for("camat")
    page = camat.get("/api/v1/villages?limit=1000&offset=1").json()
    # The link back says what was applied: 100, not 1000.
    assert "limit=100" in page["previous"] and "limit=1000" not in page["previous"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["offset=abc", "offset=-1", "offset=1.5", "limit=0", "limit=x", "limit=-5", "offset="],
)
def test_limit_and_offset_that_are_not_whole_numbers_are_400(office, query):
    body = assert_error(client_for("camat").get(f"/api/v1/villages?{query}"), 400, "invalid")
    assert set(body["errors"]) <= {"limit", "offset"}


@pytest.mark.django_db
def test_deeply_nested_json_is_400_not_500():
    deep = "[" * 10_000 + "]" * 10_000
    response = APIClient().post("/api/v1/auth/token", deep, content_type="application/json")
    assert_error(response, 400, "parse_error")


@pytest.mark.django_db
def test_malformed_json_and_lone_surrogates_are_400(office):
    api = APIClient()
    broken = api.post("/api/v1/auth/token", '{"username": ', content_type="application/json")
    assert_error(broken, 400, "parse_error")
    inan = client_for("desa-inan")
    surrogate = '{"title": "\\ud800", "description": "x", "category": 1, "urgency": "sedang"}'
    assert_error(inan.post("/api/v1/cases", surrogate, content_type="application/json"), 400)


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = json.dumps({"username": "camat", "password": "x" * 2000})
    response = APIClient().post("/api/v1/auth/token", big, content_type="application/json")
    assert_error(response, 413, "too_large")
    form = APIClient().post("/api/v1/auth/token", {"username": "camat", "password": "x" * 2000})
    assert_error(form, 413, "too_large")


@pytest.mark.django_db
def test_too_many_files_is_a_json_field_error_naming_the_limit(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    inan = client_for("desa-inan")
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n%%EOF\n") for i in range(11)]
    response = inan.post(
        "/api/v1/cases",
        {
            "title": "t",
            "description": "d",
            "category": 1,
            "urgency": "sedang",
            "attachments": files,
        },
        format="multipart",
    )
    # The upload handler keeps the form's fields past Django's file limit, so the API
    # answers like any refused field: JSON, naming the limit (not Django's bare 400 page).
    body = assert_error(response, 400, "invalid")
    assert "5" in body["errors"]["attachments"][0]


@pytest.mark.django_db
def test_unknown_api_urls_answer_json_404():
    for path in ["/api/v1/nope", "/api/v1/cases/1/nope", "/api/v1/cases/1/follow-ups/x/complete"]:
        assert_error(Client().get(path), 404, "not_found")
    assert_error(client_for("camat").post("/api/v1/cases/1/actions/nonsense"), 404, "not_found")


@pytest.mark.django_db
def test_405_401_and_404_answer_in_the_one_shape(office):
    assert_error(APIClient().get("/api/v1/me"), 401, "not_authenticated")
    camat = client_for("camat")
    assert_error(camat.put("/api/v1/me", {}, format="json"), 405, "method_not_allowed")
    assert_error(camat.get("/api/v1/cases/99999"), 404, "not_found")
    for key in ["99999999999999999999", "\u0663", "\u00b2"]:  # past 64 bits, other digits
        assert_error(camat.get(f"/api/v1/cases/{key}"), 404, "not_found")
    assert_error(camat.post("/api/v1/cases/1/follow-ups/99999999999999999999/complete", {}), 404)


@pytest.mark.django_db
def test_the_login_lockout_answers_the_api_with_json_429(settings):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token", {"username": "camat", "password": "x"}, format="json")
    response = api.post(
        "/api/v1/auth/token", {"username": "camat", "password": "rukodemo"}, format="json"
    )
    body = assert_error(response, 429, "locked_out")
    assert "Terlalu banyak" in body["detail"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_an_unhandled_exception_under_the_api_is_json_500(monkeypatch):
    from apps.api import views

    def explode(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.MeView, "get", explode)
    client = Client(raise_request_exception=False)
    token = client_for("camat")._credentials["HTTP_AUTHORIZATION"]
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=token)
    body = assert_error(response, 500, "error")
    assert "boom" not in body["detail"]


@pytest.mark.django_db
def test_field_errors_are_flat_and_dotted(office):
    inan = client_for("desa-inan")
    case = create(inan, office).json()
    sekcam, camat = client_for("sekcam"), client_for("camat")
    sekcam.post(f"/api/v1/cases/{case['id']}/actions/verify")
    pmd = office.sections.get(short_name="PMD").pk
    camat.post(
        f"/api/v1/cases/{case['id']}/actions/dispose",
        {"section": pmd, "instruction": "Tindak lanjuti"},
        format="json",
    )
    answer = client_for("pmd").post(
        f"/api/v1/cases/{case['id']}/actions/answer",
        {"response": "Ya", "follow_ups": [{"action": "Kunjungan", "owner_kind": "seksi"}]},
        format="json",
    )
    body = assert_error(answer, 400, "invalid")
    assert "follow_ups.0.due_date" in body["errors"]


@pytest.mark.django_db
def test_json_bodies_carry_the_documented_types(office):
    inan = client_for("desa-inan")
    case = create(inan, office).json()
    comment = inan.post(f"/api/v1/cases/{case['id']}/comments", {"body": 42}, format="json")
    assert assert_error(comment, 400, "invalid")["errors"] == {
        "body": [comment.json()["errors"]["body"][0]]
    }
    as_text = create(inan, office, category=str(office.categories.first().pk))
    assert "category" in assert_error(as_text, 400)["errors"]
    flag = inan.post(
        f"/api/v1/cases/{case['id']}/comments", {"body": "x", "internal": 0}, format="json"
    )
    assert "internal" in assert_error(flag, 400)["errors"]
    token = APIClient().post("/api/v1/auth/token", {"username": 1, "password": "x"}, format="json")
    assert "username" in assert_error(token, 400)["errors"]


@pytest.mark.django_db
def test_a_report_filter_id_past_64_bits_is_a_400_not_a_500(office):
    """Found by the contract run once the reports' API joined it: the filters are declared
    as 64-bit ids, like the case list's, so a larger one is refused; an id that names no
    report matches nothing."""
    camat = client_for("camat")
    too_big = camat.get("/api/v1/report-submissions?obligation=799373914042428293120")
    assert "obligation" in assert_error(too_big, 400)["errors"]
    for query in ("village=abc", "status=nope", "obligation=0", "status="):
        assert_error(camat.get(f"/api/v1/report-submissions?{query}"), 400)
    response = camat.get("/api/v1/report-submissions?obligation=2000000&village=26348")
    assert response.status_code == 200 and response.json()["results"] == []
