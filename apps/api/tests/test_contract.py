"""What the OpenAPI document promises, the API keeps: the role header, idempotency, the order
of refusals (role before body), the list's filters, and a document that declares every
status, parameter and required field."""

import datetime as dt
import json

import pytest
from django.test import Client

from apps.api.tests.test_cases_api import client_for, create
from apps.cases.models import Case

# Follow-ups are due within two years.
DUE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def schema():
    return json.loads(Client().get("/api/v1/openapi.json").content)


# --- X-Ruko-Membership -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "", "9" * 30, "\u0663"])
def test_a_malformed_membership_header_is_400(value):
    response = client_for("camat").get("/api/v1/villages", HTTP_X_RUKO_MEMBERSHIP=value)
    assert response.status_code == 400, response.content
    assert "X-Ruko-Membership" in response.json()["errors"]


@pytest.mark.django_db
def test_a_membership_that_is_not_the_callers_or_ended_is_403(users, other_office):
    from apps.accounts.models import Membership

    camat = client_for("camat")
    foreign = Membership.objects.get(user__username="desa-inan")
    for pk in (foreign.pk, 999999):
        response = camat.get("/api/v1/me", HTTP_X_RUKO_MEMBERSHIP=str(pk))
        assert response.status_code == 403, pk
        assert response.json()["code"] == "permission_denied"
    own = Membership.objects.get(user__username="camat")
    me = camat.get("/api/v1/me", HTTP_X_RUKO_MEMBERSHIP=str(own.pk))
    assert me.status_code == 200 and me.json()["membership"]["id"] == own.pk
    from apps.accounts.models import Role
    from apps.accounts.services import membership_add

    membership_add(acting=None, user=users["camat"], office=other_office, role=Role.HEAD)
    Membership.objects.filter(pk=own.pk).update(is_active=False)
    ended = camat.get("/api/v1/me", HTTP_X_RUKO_MEMBERSHIP=str(own.pk))
    assert ended.status_code == 403
    assert camat.get("/api/v1/me").status_code == 200  # without the header: the active role


# --- idempotency -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_idempotency_key_with_another_body_is_409_not_a_replay(office):
    inan = client_for("desa-inan")
    first = create(inan, office, idempotency_key="k-1")
    assert first.status_code == 201
    replay = create(inan, office, idempotency_key="k-1")
    assert replay.status_code == 200 and replay.json()["id"] == first.json()["id"]
    for change in ({"title": "Lain"}, {"description": "Lain"}, {"urgency": "darurat"}):
        other = create(inan, office, idempotency_key="k-1", **change)
        assert other.status_code == 409, change
        assert other.json()["code"] == "conflict"
    by_header = inan.post(
        "/api/v1/cases",
        {
            "title": "Judul lain",
            "description": "x",
            "category": office.categories.first().pk,
            "urgency": "sedang",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert by_header.status_code == 409
    assert Case.objects.count() == 1


# --- the role before the body ------------------------------------------------------------


def _in_progress(office):
    inan = client_for("desa-inan")
    case = create(inan, office).json()
    base = f"/api/v1/cases/{case['id']}"
    client_for("sekcam").post(f"{base}/actions/verify")
    pmd = office.sections.get(short_name="PMD").pk
    client_for("camat").post(
        f"{base}/actions/dispose", {"section": pmd, "instruction": "Ya"}, format="json"
    )
    client_for("pmd").post(f"{base}/actions/assign", {}, format="json")
    return inan, base, pmd


@pytest.mark.django_db
def test_a_role_that_may_not_act_gets_403_whatever_the_body(office):
    assert client_for("camat").post("/api/v1/cases", {}, format="json").status_code == 403
    inan, base, pmd = _in_progress(office)
    # A village may not add follow-ups nor write internal notes: 403, before the body's 400.
    assert inan.post(f"{base}/follow-ups", {}, format="json").status_code == 403
    internal = inan.post(f"{base}/comments", {"internal": True}, format="json")
    assert internal.status_code == 403
    assert inan.post(f"{base}/comments", {}, format="json").status_code == 400  # may comment
    pmd_client = client_for("pmd")
    added = pmd_client.post(
        f"{base}/follow-ups",
        {"action": "Rapat", "owner_kind": "seksi", "owner_section": pmd, "due_date": DUE},
        format="json",
    )
    assert added.status_code == 201, added.content
    fid = added.json()["id"]
    # The section's own action: the village may not complete it, with or without a body.
    assert inan.post(f"{base}/follow-ups/{fid}/complete", {}, format="json").status_code == 403
    done = pmd_client.post(f"{base}/follow-ups/{fid}/complete", {"note": "Ok"}, format="json")
    assert done.status_code == 200
    again = pmd_client.post(f"{base}/follow-ups/{fid}/complete", {"note": "Ok"}, format="json")
    assert again.status_code == 409
    assert inan.post(f"{base}/actions/verify", {}, format="json").status_code == 403


@pytest.mark.django_db
def test_ids_in_a_body_that_name_nothing_are_422(office):
    inan, base, pmd = _in_progress(office)
    pmd_client = client_for("pmd")
    unknown = pmd_client.post(
        f"{base}/follow-ups",
        {"action": "Rapat", "owner_kind": "seksi", "owner_section": 999, "due_date": DUE},
        format="json",
    )
    assert unknown.status_code == 422 and "owner_section" in unknown.json()["errors"]
    huge = pmd_client.post(
        f"{base}/actions/refer",
        {"agency": 2**64, "letter_number": "1/2026"},
        format="json",
    )
    assert huge.status_code == 400 and "agency" in huge.json()["errors"]


# --- the case list's filters -------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_list_refuses_bad_filters_and_never_widens_on_an_unknown_id(office):
    inan = client_for("desa-inan")
    create(inan, office, urgency="darurat")
    create(inan, office, urgency="rendah")
    camat = client_for("camat")
    for query in [
        "status=nope",
        "urgency=x",
        "overdue=maybe",
        "submitted_from=2026-13-01",
        "village=abc",
        "stage=later",
        "category=0",
        "urgency=",
        "overdue=",
    ]:
        response = camat.get(f"/api/v1/cases?{query}")
        assert response.status_code == 400, query
    # An id the caller cannot see matches nothing (it used to return every case).
    assert camat.get("/api/v1/cases?village=999999").json()["count"] == 0
    assert camat.get("/api/v1/cases?category=999999").json()["count"] == 0
    inan_village = office.villages.get(slug="inan").pk
    assert camat.get(f"/api/v1/cases?village={inan_village}").json()["count"] == 2
    assert camat.get("/api/v1/cases?overdue=false&mine=false").json()["count"] == 2
    assert camat.get("/api/v1/cases?stage=open&urgency=rendah").json()["count"] == 1


# --- the document ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_list_declares_its_filters():
    parameters = schema()["paths"]["/api/v1/cases"]["get"]["parameters"]
    names = {p["name"] for p in parameters if p["in"] == "query"}
    assert names == {
        "status",
        "village",
        "category",
        "section",
        "urgency",
        "overdue",
        "submitted_from",
        "submitted_to",
        "q",
        "stage",
        "mine",
        "limit",
        "offset",
        "after",
    }
    by_name = {p["name"]: p["schema"] for p in parameters}
    assert by_name["offset"]["type"] == "integer" and by_name["limit"]["minimum"] == 1
    assert by_name["after"] == {"type": "integer", "minimum": 1}


@pytest.mark.django_db
def test_each_step_has_its_operation_and_required_fields():
    document = schema()
    components = document["components"]["schemas"]

    def body(step):
        operation = document["paths"][f"/api/v1/cases/{{key}}/actions/{step}"]["post"]
        return operation.get("requestBody")

    ref = body("return")["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert body("return")["required"] is True
    assert components[ref]["required"] == ["reason"]
    assert body("verify") is None
    assert "multipart/form-data" in body("resubmit")["content"]


@pytest.mark.django_db
def test_every_operation_declares_its_errors_with_the_one_error_body():
    document = schema()
    assert set(document["components"]["schemas"]["Error"]["required"]) == {"detail", "code"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            label = f"{method.upper()} {path}"
            authenticated = operation.get("security") and {} not in operation["security"]
            if authenticated:
                assert "401" in responses, label
            if "{" in path:
                assert "404" in responses, label
            if method == "post" and operation.get("requestBody"):
                assert {"400", "413", "415"} <= set(responses), label
            for code, response in responses.items():
                if int(code) >= 400:
                    schema_ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert schema_ref == "#/components/schemas/Error", (label, code)
    token = document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert "429" in token


@pytest.mark.django_db
def test_every_operation_declares_each_status_its_shape_implies():
    """What an operation may answer follows from its shape; the document must say each one,
    with a body schema (scripts/api-contract checks the answers themselves):
    - a token is read: 401 (a token sent must be valid, even where none is needed);
    - acting through a role (`X-Ruko-Membership`): 400 for a malformed header, 403 for a role
      that is not yours or may not do this; every write that is not public acts so;
    - a path id: 404; query parameters: 400;
    - a body: 400 (shape), 413, 415 and, when a role acts, 422 (a rule of the service);
    - a success status with its schema, except 204."""
    document = schema()
    assert document["paths"], "no operations"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            codes = set(operation["responses"])
            parameters = operation.get("parameters", [])
            where = {p["in"] for p in parameters}
            acts = any(p["name"] == "X-Ruko-Membership" for p in parameters)
            public = not operation.get("security")
            assert "401" in codes, label  # every operation reads the bearer token
            if acts:
                assert {"400", "403"} <= codes, label
            if method != "get" and not public and path != "/api/v1/auth/token":
                assert acts, f"{label} writes without acting through a role"
            if "path" in where:
                assert "404" in codes, label
            if "query" in where:
                assert "400" in codes, label
            if operation.get("requestBody"):
                assert {"400", "413", "415"} <= codes, label
                if acts:
                    assert "422" in codes, label
            successes = [code for code in codes if code.startswith("2")]
            assert successes, f"{label} declares no success"
            for code in codes - {"204"}:
                assert operation["responses"][code].get("content"), (label, code)
