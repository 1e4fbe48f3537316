"""GET /api/v1/stats against hand-built data (each figure asserted), equal to the dashboard's
figures, scoped by the monitoring policy, with a query count that does not grow with the data,
and every answer in the document."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.api.stats_serializers import FIGURES
from apps.core import clock
from apps.monitoring import selectors
from apps.monitoring.periods import make_period
from apps.monitoring.sections import Scope
from apps.monitoring.tests.test_dashboard import (  # noqa: F401 - fixtures
    NOW,
    grow_the_other_domains,
    march_cases,
    submit,
)
from apps.monitoring.tests.test_domain_sections import (
    hand_built_alerts,
    hand_built_follow_ups,
    hand_built_meetings,
    hand_built_readiness,
)
from apps.village_reports.tests.conftest import (  # noqa: F401 - fixtures
    member,
    obligations,
    send,
    stunting,
)
from apps.village_reports.tests.test_figures import reports  # noqa: F401 - a fixture
from tests_support.factories import PASSWORD

Q1 = "/api/v1/stats?period=quarter&year=2026&number=1"


def api_as(username):
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def get(api, url):
    with clock.frozen(NOW):
        return api.get(url)


@pytest.fixture
def everything(march_cases, reports, office):  # noqa: F811
    hand_built_meetings(office)
    hand_built_follow_ups(office)
    hand_built_alerts(office)
    hand_built_readiness(office)


@pytest.mark.django_db
def test_every_figure_of_the_first_quarter(everything, office):
    answer = get(api_as("camat"), Q1)
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["period"] == {
        "kind": "quarter", "label": "Triwulan I 2026", "start": "2026-01-01", "end": "2026-03-31"
    }  # fmt: skip
    assert data["area"] == office.name and [o["slug"] for o in data["offices"]] == [office.slug]
    # The hand-built cases (apps/monitoring/tests/test_dashboard.py: A to D in March), and
    # F, Inan's, which carries the follow-ups: verified and answered at once on 1 March.
    assert data["cases"] == {
        "submitted": 5,
        "open": 3,  # B and F wait for the village, C for an answer
        "overdue": 1,  # C
        "verify_hours": 3.0,  # median of 0, 2, 4 and 24
        "answer_hours": 48.0,  # median of 0, 48 and 240
        "sla_rate": 66.7,  # A and F in time, B late
        "resolution_rate": 20.0,  # A of 5
        "rating_avg": 5.0,
    }
    # apps/village_reports/tests/test_figures.py: 96 reports due by 20 March, 2 on time,
    # 2 late, Halubau's returned, 91 missing.
    assert data["reports"] == {
        "owed": 96, "on_time": 2, "late": 2, "missing": 91, "on_time_rate": 2.1, "sent_rate": 4.2
    }  # fmt: skip
    # February is the quarter's last month whose figures are due: Inan 11 of 110, Bungin 12
    # of 60.
    assert data["stunting"] == {
        "month": "2026-02-01", "prevalence": 13.5, "measured": 170, "stunted": 23,
        "reported": 2, "missing": 14,
    }  # fmt: skip
    assert data["meetings"] == {
        "held": 2, "planned": 1, "cancelled": 1, "villages_invited": 5, "villages_attended": 2,
        "attendance_rate": 40.0,
    }  # fmt: skip
    assert data["follow_ups"] == {
        "due": 4, "done": 2, "done_on_time": 1, "on_time_rate": 25.0, "open": 2, "overdue": 1
    }  # fmt: skip
    assert data["alerts"] == {
        "issued": 2, "villages_targeted": 5, "acknowledged": 4, "ack_minutes": 25.0,
        "not_acknowledged": 1, "ready": 1, "partial": 2, "not_ready": 13,
    }  # fmt: skip
    tables = {t["key"]: t for t in data["tables"]}
    villages = {row[0]: row for row in tables["cases_village"]["rows"]}
    # submitted, open, overdue, resolved, SLA %, resolved %, rating, median hours to answer
    assert villages["Desa Inan"] == ["Desa Inan", 2, 1, 0, 1, 100.0, 50.0, 5.0, 24.0]
    assert tables["cases_village"]["columns"][1] == {"label": "Diajukan", "kind": "int"}


@pytest.mark.django_db
def test_the_api_gives_what_the_dashboard_shows(everything, office):
    """One source of numbers: each figure of each section, as the dashboard builds it."""
    data = get(api_as("camat"), Q1).json()
    scope = Scope(
        offices=[office], period=make_period("quarter", 2026, 1), now=NOW, area=office.name
    )
    with clock.frozen(NOW):
        sections = selectors.dashboard(scope)
    assert [s.key for s in sections] == list(FIGURES)
    for section in sections:
        # The document declares exactly the figures the section builds, with their kinds.
        assert {f.key: f.kind for f in section.figures} == FIGURES[section.key], section.key
        for figure in section.figures:
            value = data[section.key][figure.key]
            expected = float(figure.value) if isinstance(figure.value, Decimal) else figure.value
            assert value == expected, (section.key, figure.key)


def queries(api, url):
    with clock.frozen(NOW), CaptureQueriesContext(connection) as captured:
        answer = api.get(url)
    assert answer.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_data(everything, office):
    api = api_as("camat")
    api.get(Q1)  # warm up
    before = queries(api, Q1)
    for n in range(8):
        submit("desa-panggung", dt.datetime(2026, 3, 10 + n % 5, 9, tzinfo=NOW.tzinfo), f"K{n}")
    grow_the_other_domains(office)
    assert queries(api, Q1) == before
    assert before <= 50


@pytest.mark.django_db
def test_who_sees_which_offices(march_cases, other_office):  # noqa: F811
    village = get(api_as("desa-inan"), Q1)
    assert village.status_code == 403 and village.json()["code"] == "forbidden"
    camat = api_as("camat")
    other = get(camat, Q1 + f"&office={other_office.slug}")
    assert other.status_code == 422 and set(other.json()["errors"]) == {"office"}
    # The other office's camat sees none of Paringin Selatan's cases.
    theirs = get(api_as("camat-paringin"), Q1).json()
    assert [o["slug"] for o in theirs["offices"]] == [other_office.slug]
    assert theirs["cases"]["submitted"] == 0
    assert all(not t["rows"] for t in theirs["tables"] if t["key"].startswith("cases_"))
    # The regency's inspector: every office of the regency, or one.
    regency = get(api_as("kabupaten"), Q1).json()
    assert len(regency["offices"]) == 2 and regency["cases"]["submitted"] == 4
    one = get(api_as("kabupaten"), Q1 + f"&office={other_office.slug}").json()
    assert one["area"] == other_office.name and one["cases"]["submitted"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("?year=abc", 400, "year"),
        ("?period=week", 400, "period"),
        ("?number=13", 400, "number"),
        ("?start=2026-13-01", 400, "start"),
        ("?period=quarter&number=5", 422, "number"),
        ("?period=year&year=2099", 422, "year"),
        ("?start=2026-03-01&end=2026-01-01", 422, "end"),
        ("?start=2015-01-01&end=2026-01-01", 422, "end"),
        ("?period=month&start=2026-03-01", 422, "period"),
    ],
)
def test_a_period_that_cannot_be_shown_is_refused(query, status, field, office):
    answer = get(api_as("camat"), "/api/v1/stats" + query)
    assert answer.status_code == status and field in answer.json()["errors"]


@pytest.mark.django_db
def test_custom_dates_and_the_default_year(march_cases):  # noqa: F811
    camat = api_as("camat")
    custom = get(camat, "/api/v1/stats?start=2026-03-03&end=2026-03-04").json()
    assert custom["period"]["kind"] == "custom" and custom["cases"]["submitted"] == 2  # B, C
    default = get(camat, "/api/v1/stats").json()
    assert default["period"]["kind"] == "year" and default["period"]["start"] == "2026-01-01"
    assert default["cases"]["submitted"] == 5  # E in April too


@pytest.mark.django_db
def test_the_document_describes_every_answer(office):
    document = get(api_as("camat"), "/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/stats"]["get"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "422"}
    for code in ("400", "401", "403", "422"):
        schema = operation["responses"][code]["content"]["application/json"]["schema"]
        assert schema["$ref"] == "#/components/schemas/Error"
    names = {p["name"] for p in operation["parameters"]}
    assert {"period", "year", "number", "start", "end", "office"} <= names
    stats = document["components"]["schemas"]["Stats"]
    assert set(FIGURES) | {"area", "period", "offices", "tables"} <= set(stats["properties"])
    figures = document["components"]["schemas"]["MeetingsFigures"]["properties"]
    assert figures["attendance_rate"]["type"] == "number"
