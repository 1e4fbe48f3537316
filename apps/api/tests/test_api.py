"""The API skeleton: tokens, me, villages, sections, categories, OpenAPI; same policy as the UI."""

import json

import pytest
from rest_framework.test import APIClient

from apps.api.models import ApiToken
from apps.api.services import api_token_create
from tests_support.factories import PASSWORD


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username, password=PASSWORD):
    response = api.post(
        "/api/v1/auth/token", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def bearer(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


@pytest.mark.django_db
def test_token_login_me_and_revocation(api):
    token = token_for(api, "desa-inan")
    assert ApiToken.objects.get().key_hash != token  # only the hash is stored
    me = bearer(api, token).get("/api/v1/me").json()
    assert me["username"] == "desa-inan"
    assert me["membership"]["role"] == "desa"
    assert me["membership"]["village"]["code"] == "63.11.07.2003"
    assert me["membership"]["office"]["name"] == "Kecamatan Paringin Selatan"
    assert api.delete("/api/v1/auth/token").status_code == 204
    refused = api.get("/api/v1/me")
    assert refused.status_code == 401
    assert "dicabut" in refused.json()["detail"]


@pytest.mark.django_db
def test_wrong_password_and_missing_fields(api):
    wrong = api.post("/api/v1/auth/token", {"username": "camat", "password": "x"}, format="json")
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "Nama pengguna atau kata sandi salah."
    missing = api.post("/api/v1/auth/token", {"username": "camat"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid"
    assert "password" in missing.json()["errors"]


@pytest.mark.django_db
def test_anonymous_callers_get_401(api):
    for path in ["/api/v1/me", "/api/v1/villages", "/api/v1/sections", "/api/v1/categories"]:
        assert api.get(path).status_code in (401, 403), path
    assert api.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_villages_follow_the_same_policy_as_the_pages(api, other_office):
    inan = bearer(api, token_for(api, "desa-inan")).get("/api/v1/villages").json()
    assert inan["count"] == 1
    assert inan["results"][0]["code"] == "63.11.07.2003"
    camat = bearer(APIClient(), token_for(api, "camat")).get("/api/v1/villages").json()
    assert camat["count"] == 16
    assert {v["kind"] for v in camat["results"]} == {"desa", "kelurahan"}
    inspector = bearer(APIClient(), token_for(api, "kabupaten")).get("/api/v1/villages?limit=100")
    assert inspector.json()["count"] == 18
    paringin = bearer(APIClient(), token_for(api, "camat-paringin", "rahasia-kuat-123"))
    names = {v["name"] for v in paringin.get("/api/v1/villages").json()["results"]}
    assert names == {"Lasung Batu", "Paringin Kota"}


@pytest.mark.django_db
def test_sections_and_categories_of_the_callers_office(api, office, other_office):
    client = bearer(api, token_for(api, "desa-inan"))
    sections = client.get("/api/v1/sections").json()
    assert sections["count"] == 6
    assert {s["office"] for s in sections["results"]} == {office.pk}
    categories = client.get("/api/v1/categories").json()
    assert categories["count"] == 11
    pmd = office.sections.get(short_name="PMD").pk
    finance = next(c for c in categories["results"] if c["name"] == "Keuangan desa")
    assert finance["default_section"] == pmd


@pytest.mark.django_db
def test_a_person_with_two_roles_chooses_one_with_a_header(api, users, other_office):
    from apps.accounts.models import Membership, Role
    from apps.accounts.services import membership_add

    second = membership_add(acting=None, user=users["pmd"], office=other_office, role=Role.HEAD)
    client = bearer(api, token_for(api, "pmd"))
    assert client.get("/api/v1/villages").json()["count"] == 16
    chosen = client.get("/api/v1/villages", HTTP_X_RUKO_MEMBERSHIP=str(second.pk)).json()
    assert {v["name"] for v in chosen["results"]} == {"Lasung Batu", "Paringin Kota"}
    # Someone else's membership id is refused, never a silent fallback to the first role.
    foreign = Membership.objects.get(user__username="camat-paringin").pk
    refused = client.get("/api/v1/villages", HTTP_X_RUKO_MEMBERSHIP=str(foreign))
    assert refused.status_code == 403


@pytest.mark.django_db
def test_session_login_works_for_the_browser_too(client, users):
    client.force_login(users["sekcam"])
    assert client.get("/api/v1/me").json()["membership"]["role"] == "sekretaris"


@pytest.mark.django_db
def test_openapi_document_and_docs_page(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    for path in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/villages",
        "/api/v1/sections",
        "/api/v1/categories",
    ]:
        assert path in document["paths"], path
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    assert "cdn" not in docs.text.lower()


@pytest.mark.django_db
def test_list_endpoints_use_a_constant_number_of_queries(api, django_assert_max_num_queries):
    client = bearer(api, token_for(api, "camat"))
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/villages").status_code == 200


@pytest.mark.django_db
def test_tokens_are_listed_and_revoked_from_the_profile_page(login, users):
    client = login("pmd")
    refused = client.post("/akun/token/", {"name": "HP dinas", "password": "salah"})
    assert refused.status_code == 302 and not ApiToken.objects.filter(user=users["pmd"]).exists()
    created = client.post("/akun/token/", {"name": "HP dinas", "password": PASSWORD})
    assert created.status_code == 302
    page = client.get("/akun/")
    raw = page.context["new_token"]
    token = ApiToken.objects.get(user=users["pmd"])
    assert raw in page.text and token.prefix in raw
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    assert raw not in client.get("/akun/").text  # shown once
    assert client.post(f"/akun/token/{token.pk}/cabut/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    # Another person's token cannot be revoked by guessing its id.
    other, _raw = api_token_create(user=users["camat"])
    assert client.post(f"/akun/token/{other.pk}/cabut/").status_code == 404


def test_the_openapi_document_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/cases/{key}/actions/return" in target.read_text()


@pytest.mark.django_db
def test_a_password_change_revokes_every_api_token(api, login):
    token = token_for(api, "pmd")
    client = login("pmd")
    client.post(
        "/akun/sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-2026",
            "new_password2": "Sandi-Baru-2026",
        },
    )
    assert bearer(api, token).get("/api/v1/me").status_code == 401
