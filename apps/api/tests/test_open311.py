"""Open311 GeoReport v2: every method in JSON and XML, checked against JSON Schemas written
from the spec (wiki.open311.org/GeoReport_v2), and the same privacy as the rest of RUKO
PARSEL: a village's requests reach only whom the case policy lets see them."""

import datetime as dt
import json

import jsonschema
import pytest
from django.test import Client
from lxml import etree

from apps.api.services import api_token_create
from apps.cases.models import Case
from tests_support.factories import make_answered_case, membership_of

ISO_WITH_OFFSET = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"
WHEN = {"type": "string", "pattern": ISO_WITH_OFFSET}
OPTIONAL_WHEN = {"anyOf": [WHEN, {"type": "null"}]}
TEXT = {"type": "string"}

# The spec's documents, field by field (required: what the spec says a server returns).
DISCOVERY = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": WHEN,
        "contact": TEXT,
        "key_service": TEXT,
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"const": "http://wiki.open311.org/GeoReport_v2"},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "changeset": WHEN,
                    "type": {"enum": ["production", "test"]},
                    "formats": {
                        "type": "array",
                        "items": {"enum": ["text/xml", "application/json"]},
                        "contains": {"const": "text/xml"},  # XML is required by the spec
                    },
                },
            },
        },
    },
}
SERVICES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ],
        "properties": {
            "service_code": TEXT,
            "service_name": TEXT,
            "description": TEXT,
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": TEXT,
            "group": TEXT,
        },
        "additionalProperties": False,
    },
}
DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {
        "service_code": TEXT,
        "attributes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "variable",
                    "code",
                    "datatype",
                    "required",
                    "datatype_description",
                    "order",
                    "description",
                ],
                "properties": {
                    "variable": {"type": "boolean"},
                    "code": TEXT,
                    "datatype": {
                        "enum": [
                            "string",
                            "number",
                            "datetime",
                            "text",
                            "singlevaluelist",
                            "multivaluelist",
                        ]
                    },
                    "required": {"type": "boolean"},
                    "order": {"type": "integer", "minimum": 1},
                    "values": {
                        "type": "array",
                        "items": {"type": "object", "required": ["key", "name"]},
                    },
                },
            },
        },
    },
}
REQUESTS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "status", "service_code", "requested_datetime"],
        "properties": {
            "service_request_id": TEXT,
            "status": {"enum": ["open", "closed"]},
            "status_notes": TEXT,
            "service_name": TEXT,
            "service_code": TEXT,
            "description": TEXT,
            "agency_responsible": TEXT,
            "service_notice": TEXT,
            "requested_datetime": WHEN,
            "updated_datetime": OPTIONAL_WHEN,
            "expected_datetime": OPTIONAL_WHEN,
            "address": TEXT,
            "address_id": TEXT,
            "zipcode": TEXT,
            "lat": TEXT,
            "long": TEXT,
            "media_url": TEXT,
        },
        "additionalProperties": False,
    },
}
CREATED = {
    "type": "array",
    "minItems": 1,
    "maxItems": 1,
    "items": {
        "type": "object",
        "required": ["service_notice"],
        "anyOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
    },
}
TOKENS = {
    "type": "array",
    "items": {"type": "object", "required": ["service_request_id", "token"]},
}
ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {
            "code": {"type": "integer"},
            "description": {"type": "string", "minLength": 1},
        },
    },
}


def valid(response, schema, status=200):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    jsonschema.validate(document, schema)
    return document


def xml(response, root, status=200):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    tree = etree.fromstring(response.content)
    assert tree.tag == root
    return tree


def key_of(username):
    return api_token_create(user=membership_of(username).user, name="open311")[1]


@pytest.fixture
def georeport(db):
    return Client()


@pytest.mark.django_db
def test_discovery_services_and_definitions_in_both_formats(georeport, office):
    found = valid(georeport.get("/open311/discovery.json"), DISCOVERY)
    assert found["endpoints"][0]["url"].endswith("/open311/v2")
    tree = xml(georeport.get("/open311/discovery.xml"), "discovery")
    assert tree.findtext("endpoints/endpoint/formats/format") == "text/xml"

    services = valid(georeport.get("/open311/v2/services.json"), SERVICES)
    names = {s["service_name"] for s in services}
    assert set(office.categories.filter(is_active=True).values_list("name", flat=True)) == names
    tree = xml(georeport.get("/open311/v2/services.xml"), "services")
    assert len(tree.findall("service")) == len(services)
    assert tree.find("service/metadata").text == "true"

    code = next(s["service_code"] for s in services if s["service_name"] == "Keuangan desa")
    definition = valid(georeport.get(f"/open311/v2/services/{code}.json"), DEFINITION)
    urgency = definition["attributes"][0]
    assert urgency["code"] == "urgency"
    assert {v["key"] for v in urgency["values"]} == {"darurat", "tinggi", "sedang", "rendah"}
    tree = xml(georeport.get(f"/open311/v2/services/{code}.xml"), "service_definition")
    assert len(tree.findall("attributes/attribute/values/value")) == 4

    valid(georeport.get("/open311/v2/services/99999.json"), ERRORS, 404)
    tree = xml(georeport.get("/open311/v2/services/abc.xml"), "errors", 404)
    assert tree.findtext("error/code") == "404"
    valid(georeport.get("/open311/v2/services.json", {"jurisdiction_id": "99.99"}), ERRORS, 404)
    refused = valid(georeport.delete("/open311/v2/services.json"), ERRORS, 405)
    assert refused[0]["code"] == 405


@pytest.mark.django_db
def test_a_village_app_posts_a_request_and_follows_it(georeport, office):
    inan = key_of("desa-inan")
    code = str(office.categories.get(name="Keuangan desa").pk)
    body = {
        "api_key": inan,
        "service_code": code,
        "description": "Jalan poros desa rusak\nDua jembatan putus sejak banjir.",
        "attribute[urgency]": "tinggi",
    }
    created = valid(
        georeport.post("/open311/v2/requests.json", body, HTTP_IDEMPOTENCY_KEY="app-1"),
        CREATED,
        201,
    )
    number = created[0]["service_request_id"]
    case = Case.objects.get(tracking_number=number)
    assert case.title == "Jalan poros desa rusak" and case.urgency == "tinggi"
    assert case.village.slug == "inan"
    again = valid(
        georeport.post("/open311/v2/requests.json", body, HTTP_IDEMPOTENCY_KEY="app-1"),
        CREATED,
    )
    assert again[0]["service_request_id"] == number and Case.objects.count() == 1

    one = valid(georeport.get(f"/open311/v2/requests/{number}.json", {"api_key": inan}), REQUESTS)
    assert one[0]["status"] == "open" and one[0]["address"] == "Desa Inan"
    assert one[0]["requested_datetime"].endswith("+08:00")  # WITA, with its offset
    tree = xml(
        georeport.get(f"/open311/v2/requests/{number}.xml", {"api_key": inan}),
        "service_requests",
    )
    assert tree.findtext("request/service_request_id") == number
    token = valid(georeport.get(f"/open311/v2/tokens/{number}.json", {"api_key": inan}), TOKENS)
    assert token[0]["service_request_id"] == number

    # Refusals: each one the spec's error document, nothing made.
    for bad, status in (
        ({**body, "api_key": ""}, 403),
        ({**body, "api_key": "ruko_wrong"}, 403),
        ({**body, "api_key": key_of("camat")}, 400),  # an aspiration: which village?
        ({**body, "service_code": "99999"}, 404),
        ({**body, "description": "   "}, 400),
        ({**body, "attribute[urgency]": "segera"}, 400),
        ({**body, "description": "x" * 5001}, 400),
    ):
        valid(georeport.post("/open311/v2/requests.json", bad), ERRORS, status)
    changed = {**body, "description": "Lain"}
    valid(
        georeport.post("/open311/v2/requests.json", changed, HTTP_IDEMPOTENCY_KEY="app-1"),
        ERRORS,
        409,
    )
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_requests_reach_only_whom_the_case_policy_lets_see_them(georeport, office, other_office):
    with_inan = make_answered_case()  # desa-inan's, answered by pmd
    bungin = make_answered_case(village="desa-bungin")
    inan_key, bungin_key, camat_key = key_of("desa-inan"), key_of("desa-bungin"), key_of("camat")

    refused = valid(georeport.get("/open311/v2/requests.json"), ERRORS, 403)
    assert "api_key" in refused[0]["description"]
    seen = valid(georeport.get("/open311/v2/requests.json", {"api_key": inan_key}), REQUESTS)
    assert [r["service_request_id"] for r in seen] == [with_inan.tracking_number]
    everything = valid(georeport.get("/open311/v2/requests.json", {"api_key": camat_key}), REQUESTS)
    assert {r["service_request_id"] for r in everything} == {
        with_inan.tracking_number,
        bungin.tracking_number,
    }
    for url in (
        f"/open311/v2/requests/{with_inan.tracking_number}.json",
        f"/open311/v2/tokens/{with_inan.tracking_number}.json",
    ):
        valid(georeport.get(url, {"api_key": bungin_key}), ERRORS, 404)
        valid(georeport.get(url), ERRORS, 404)
    # Another sub-district's official sees nothing of this one, whatever the jurisdiction.
    other_key = api_token_create(user=other_office.memberships.first().user)[1]
    for jurisdiction in ("", "63.11.07"):
        nothing = valid(
            georeport.get(
                "/open311/v2/requests.json",
                {"api_key": other_key, "jurisdiction_id": jurisdiction},
            ),
            REQUESTS,
        )
        assert nothing == []

    # The spec's filters.
    camat = {"api_key": camat_key}
    by_id = valid(
        georeport.get(
            "/open311/v2/requests.json",
            {**camat, "service_request_id": f"{bungin.tracking_number},PRS-1900-00001"},
        ),
        REQUESTS,
    )
    assert [r["service_request_id"] for r in by_id] == [bungin.tracking_number]
    assert (
        valid(georeport.get("/open311/v2/requests.json", {**camat, "status": "closed"}), REQUESTS)
        == []
    )
    assert (
        len(
            valid(georeport.get("/open311/v2/requests.json", {**camat, "status": "open"}), REQUESTS)
        )
        == 2
    )
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat(timespec="seconds")
    assert (
        valid(georeport.get("/open311/v2/requests.json", {**camat, "start_date": later}), REQUESTS)
        == []
    )
    for bad in (
        {"start_date": "2026-11-01"},
        {"status": "pending"},
        {"start_date": later, "end_date": "2020-01-01T00:00:00Z"},
    ):
        valid(georeport.get("/open311/v2/requests.json", {**camat, **bad}), ERRORS, 400)
    tree = xml(georeport.get("/open311/v2/requests.xml", camat), "service_requests")
    assert len(tree.findall("request")) == 2
    # An answered case waits for the village's confirmation: still open, and it says so.
    notes = {r["service_request_id"]: r["status_notes"] for r in everything}
    assert "konfirmasi" in notes[with_inan.tracking_number].lower()


@pytest.mark.django_db
def test_an_app_sends_a_citizens_aspiration_and_the_code_follows_it(georeport, office):
    """Another account's app (a front desk) sends an aspiration for a citizen; the tracking
    code alone opens it, through to the answer of the case it became, never with a name."""
    from apps.aspirations import services as aspirations
    from apps.aspirations.models import Aspiration
    from apps.cases import services as cases

    front_desk = key_of("sekcam")
    code = str(office.categories.get(name="Keuangan desa").pk)
    body = {
        "api_key": front_desk,
        "service_code": code,
        "address_string": "Desa Bungin",
        "description": "Lampu jalan di Bungin mati\nSudah dua minggu gelap.",
    }
    created = valid(georeport.post("/open311/v2/requests.json", body), CREATED, 201)
    tracking = created[0]["service_request_id"]
    assert tracking.startswith("ASP-") and created[0]["token"] == tracking
    aspiration = Aspiration.objects.get(tracking_code=tracking)
    assert aspiration.village.slug == "bungin" and aspiration.anonymous
    assert aspiration.name == "" and aspiration.contact == ""

    seen = valid(georeport.get(f"/open311/v2/requests/{tracking.lower()}.json"), REQUESTS)
    assert seen[0]["status"] == "open" and seen[0]["address"] == "Desa Bungin"
    assert seen[0]["description"] == "Lampu jalan di Bungin mati"
    valid(georeport.get(f"/open311/v2/tokens/{tracking}.json"), TOKENS)
    xml(georeport.get(f"/open311/v2/requests/{tracking}.xml"), "service_requests")
    valid(georeport.get("/open311/v2/requests/ASP-2222-3333.json"), ERRORS, 404)

    named = {**body, "first_name": "Siti", "last_name": "Aminah", "phone": "081234567890"}
    named_code = valid(georeport.post("/open311/v2/requests.json", named), CREATED, 201)[0][
        "service_request_id"
    ]
    assert Aspiration.objects.get(tracking_code=named_code).name == "Siti Aminah"
    # The code holder reads the public view: never the sender's name or phone.
    public = georeport.get(f"/open311/v2/requests/{named_code}.json").content.decode()
    assert "Siti" not in public and "081234567890" not in public
    valid(
        georeport.post("/open311/v2/requests.json", {**body, "address_string": "Atlantis"}),
        ERRORS,
        400,
    )

    sekcam, pmd = membership_of("sekcam"), membership_of("pmd")
    aspiration = aspirations.aspiration_make_case(
        acting=sekcam,
        aspiration=aspiration,
        village=aspiration.village,
        category=aspiration.category,
    )
    case = aspiration.case
    case = cases.case_dispose(acting=sekcam, case=case, section=pmd.section, instruction="Cek.")
    case = cases.case_assign(acting=pmd, case=case)
    cases.case_answer(acting=pmd, case=case, response="Lampu diganti Kamis.", solution="")
    answered = valid(georeport.get(f"/open311/v2/requests/{tracking}.json"), REQUESTS)[0]
    assert "Lampu diganti Kamis." in answered["status_notes"]
    assert pmd.user.get_full_name() not in json.dumps(answered)
    assert answered["status"] == "open"  # the village has not confirmed yet


@pytest.mark.django_db
def test_aspirations_from_one_address_are_limited(georeport, office):
    from apps.aspirations.services import PER_ADDRESS_PER_HOUR

    body = {
        "api_key": key_of("sekcam"),
        "service_code": str(office.categories.get(name="Keuangan desa").pk),
        "address_id": office.villages.get(slug="inan").region.code,
        "description": "Aspirasi",
    }
    for _ in range(PER_ADDRESS_PER_HOUR):
        valid(georeport.post("/open311/v2/requests.json", body), CREATED, 201)
    refused = valid(georeport.post("/open311/v2/requests.json", body), ERRORS, 429)
    assert refused[0]["code"] == 429


@pytest.mark.django_db
def test_odd_characters_never_break_a_listing(georeport, office):
    """A control character typed into a case, or sent in an address, and digits that are not
    ASCII: the XML still renders, the answers are the spec's errors, never a 500."""
    inan = key_of("desa-inan")
    code = str(office.categories.get(name="Keuangan desa").pk)
    body = {"api_key": inan, "service_code": code, "description": "Jalan\x0b rusak\x01 berat"}
    number = valid(georeport.post("/open311/v2/requests.json", body), CREATED, 201)[0][
        "service_request_id"
    ]
    tree = xml(georeport.get("/open311/v2/requests.xml", {"api_key": inan}), "service_requests")
    assert tree.findtext("request/service_request_id") == number
    assert "rusak" in tree.findtext("request/description")
    xml(georeport.get("/open311/v2/tokens/%01.xml", {"api_key": inan}), "errors", 404)
    valid(georeport.get("/open311/v2/services/\u00b2.json"), ERRORS, 404)
    lower = valid(
        georeport.get(f"/open311/v2/requests/{number.lower()}.json", {"api_key": inan}), REQUESTS
    )
    assert lower[0]["service_request_id"] == number
