"""The monitoring dashboard against hand-built data (each figure asserted), its query count, the
regency's side-by-side table, the Excel exports, the stats API and who may see what."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from apps.accounts.models import Membership
from apps.alerts import services as alert_services
from apps.alerts.models import EmergencyContact
from apps.cases import services as case_services
from apps.core import clock
from apps.follow_ups.services import FollowUpInput
from apps.meetings import services as meeting_services
from apps.monitoring import selectors
from apps.monitoring.periods import make_period
from apps.monitoring.sections import Scope
from apps.offices.models import Office
from apps.village_reports.tests.conftest import at
from tests_support.factories import PASSWORD, make_answered_case

from .test_domain_sections import (
    acknowledge,
    hand_built_alerts,
    hand_built_follow_ups,
    hand_built_meetings,
    hand_built_readiness,
    issue,
    schedule,
)

MARCH = make_period("month", 2026, 3)
NOW = at(2026, 3, 20, 10)


def member(username):
    return Membership.objects.select_related("user", "office", "village", "section").get(
        user__username=username, is_active=True
    )


def submit(username, when, title="Pendampingan laporan APBDes"):
    acting = member(username)
    with clock.frozen(when):
        return case_services.case_submit(
            acting=acting,
            category=acting.office.categories.get(name="Keuangan desa"),
            urgency="sedang",
            title=title,
            description="Mohon pendampingan penyusunan laporan.",
        ).case


def answer(case, when):
    officer = member("pmd")
    with clock.frozen(when):
        case_services.case_dispose(
            acting=member("camat"),
            case=case,
            section=case.office.sections.get(short_name="PMD"),
            instruction="Segera.",
        )
        case_services.case_assign(acting=officer, case=case)
        case_services.case_answer(
            acting=officer, case=case, response="Kami dampingi.", solution="Kamis."
        )


def verify(case, when):
    with clock.frozen(when):
        case_services.case_verify(acting=member("sekcam"), case=case)


@pytest.fixture
def march_cases(db):
    """A: Inan, verified in 4 h, answered in 48 h (in time), confirmed 5/5.
    B: Bungin, verified in 2 h, answered in 240 h (after its 10 March deadline).
    C: Halubau, verified in 24 h, never answered: overdue since 12 March.
    D: Tarangan, rejected. E: Inan again, in April: outside the period."""
    a = submit("desa-inan", at(2026, 3, 2, 9))
    verify(a, at(2026, 3, 2, 13))
    answer(a, at(2026, 3, 4, 9))
    with clock.frozen(at(2026, 3, 5, 9)):
        case_services.case_confirm(acting=member("desa-inan"), case=a, rating=5, comment="")
    b = submit("desa-bungin", at(2026, 3, 3, 9))
    verify(b, at(2026, 3, 3, 11))
    answer(b, at(2026, 3, 13, 9))
    c = submit("desa-halubau", at(2026, 3, 4, 9))
    verify(c, at(2026, 3, 5, 9))
    d = submit("desa-tarangan", at(2026, 3, 5, 9))
    with clock.frozen(at(2026, 3, 5, 10)):
        case_services.case_reject(acting=member("sekcam"), case=d, reason="Bukan kewenangan.")
    submit("desa-inan", at(2026, 4, 1, 9))
    return a, b, c, d


def scope_of(office, period=MARCH):
    return Scope(offices=[office], period=period, now=NOW, area=office.name)


@pytest.mark.django_db
def test_every_case_figure_against_hand_built_cases(march_cases, office):
    cases = selectors.dashboard(scope_of(office), only=("cases",))[0]
    figures = {f.key: f.value for f in cases.figures}
    assert figures == {
        "submitted": 4,
        "open": 2,  # B (answered, waiting for the village) and C
        "overdue": 1,  # C
        "verify_hours": Decimal("4.0"),  # median of 4, 2 and 24 hours
        "answer_hours": Decimal("144.0"),  # median of 48 and 240 hours
        "sla_rate": Decimal("50.0"),  # A in time, B late
        "resolution_rate": Decimal("25.0"),  # A of 4
        "rating_avg": Decimal("5.0"),
    }
    links = {f.key: f.link for f in cases.figures}
    assert links["overdue"] == (
        "/permasalahan/?submitted_from=2026-03-01&submitted_to=2026-03-31&overdue=on"
    )
    villages = {row[0]: row for row in cases.tables[0].rows}
    assert set(villages) == {"Desa Inan", "Desa Bungin", "Desa Halubau", "Desa Tarangan"}
    # name, submitted, open, overdue, resolved, SLA %, resolved %, rating, median answer hours
    assert villages["Desa Inan"] == [
        "Desa Inan", 1, 0, 0, 1, Decimal("100.0"), Decimal("100.0"), Decimal("5.0"),
        Decimal("48.0"),
    ]  # fmt: skip
    assert villages["Desa Bungin"][1:6] == [1, 1, 0, 0, Decimal("0.0")]
    assert villages["Desa Halubau"][3] == 1 and villages["Desa Halubau"][-1] is None
    categories = cases.tables[1].rows
    assert categories == [["Keuangan desa", 4, 2, 1, 1, Decimal("50.0"), Decimal("25.0"),
                           Decimal("5.0"), Decimal("144.0")]]  # fmt: skip
    sections = {row[0]: row[1] for row in cases.tables[2].rows}
    assert sections == {"PMD": 4}  # every "Keuangan desa" case starts at Seksi PMD
    assert cases.charts and "4" in cases.charts[0].summary


@pytest.mark.django_db
def test_the_dashboard_page_links_each_figure_and_holds_its_query_count(march_cases, office, login):
    client = login("camat")
    url = reverse("monitoring:dashboard") + "?period=month&year=2026&number=3"

    def queries():
        with clock.frozen(NOW), CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        return len(captured), page

    # The meetings, follow-ups and early-warning sections have rows to count too.
    hand_built_meetings(office)
    hand_built_follow_ups(office)
    hand_built_alerts(office)
    hand_built_readiness(office)
    client.get(url)  # warm up: session, caches
    cache.clear()  # the figures counted afresh
    before, page = queries()
    figures_before = figures(page)
    # Nothing changed: the figures counted before (the page, the person, their latest change).
    unchanged, _page = queries()
    assert unchanged <= 7, unchanged
    for key in ("meetings-held", "follow_ups-overdue", "alerts-ack_minutes", "alerts-ready"):
        assert f'id="figure-{key}"' in page.text
    assert 'id="figure-cases-overdue"' in page.text
    assert "submitted_from=2026-03-01&amp;submitted_to=2026-03-31&amp;overdue=on" in page.text
    assert page.text.count('class="chart-svg"') >= 3
    for n in range(8):  # eight more cases in March, from other villages
        case = submit("desa-panggung", at(2026, 3, 10 + n % 5, 9), title=f"Kasus {n}")
        if n % 2:
            verify(case, at(2026, 3, 16, 9))
    grow_the_other_domains(office)
    after, page = queries()  # every change above is counted on the next load
    assert after == before, (before, after)
    assert figures(page) != figures_before  # the eight new cases are counted
    # 24 queries with cases, reports and stunting; the three new sections add 7 whatever
    # the number of rows: meetings 2 (counts, villages attended), follow-ups 1, alerts 3
    # (counts, deliveries, median) and readiness 1; their per-village tables 5 more
    # (attendance 1, follow-ups 1, acknowledgements 2, readiness 1); one more asks for the
    # offices' latest change. 38 today.
    assert before <= 47


def figures(page) -> dict:
    """The dashboard's figures by their id: {"cases-submitted": "12", …}."""
    import re

    return dict(re.findall(r'id="figure-([\w-]+)"><span class="value">([^<]*)<', page.text))


def grow_the_other_domains(office):
    """More of everything the new sections count: a held meeting with check-ins, follow-ups
    done and open, an alert acknowledged and not, readiness recorded for more villages."""
    from apps.meetings.models import Invitation

    meeting = schedule(office, dt.date(2026, 3, 5), ["lingsir", "murung-abuin", "halubau"])
    with clock.frozen(at(2026, 3, 5, 14)):
        present = Invitation.objects.filter(meeting=meeting).values_list("pk", flat=True)
        meeting_services.attendance_record(
            acting=member("sekcam"), meeting=meeting, present=list(present)
        )
        meeting_services.meeting_hold(acting=member("sekcam"), meeting=meeting)
    pmd = office.sections.get(short_name="PMD")
    with clock.frozen(at(2026, 3, 1, 9)):
        make_answered_case(
            village="desa-bungin",
            follow_ups=[
                FollowUpInput(f"Tindak lanjut {n}", "seksi", dt.date(2026, 3, 5 + n),
                              owner_section=pmd)
                for n in range(6)
            ],
        )  # fmt: skip
    alert = issue(office, at(2026, 3, 14, 9), ["bungin", "halubau", "tarangan", "murung-abuin"])
    acknowledge(
        alert, "desa-halubau", dt.datetime(2026, 3, 14, 9, 45, tzinfo=alert.issued_at.tzinfo)
    )
    acknowledge(
        alert, "desa-bungin", dt.datetime(2026, 3, 14, 10, 5, tzinfo=alert.issued_at.tzinfo)
    )
    for slug in ("halubau", "lingsir", "murung-abuin"):
        alert_services.readiness_record_save(
            acting=member("trantib"), village=office.villages.get(slug=slug),
            instance=EmergencyContact(),
            values={"name": "Kades", "position": "Kepala Desa", "phone": "0812 5170 2003"},
        )  # fmt: skip


@pytest.mark.django_db
def test_villages_and_other_offices_see_no_dashboard(other_office, login):
    assert login("desa-inan").get(reverse("monitoring:dashboard")).status_code == 404
    assert login("desa-inan").get(reverse("monitoring:export")).status_code == 404
    assert login("pmd").get(reverse("monitoring:dashboard")).status_code == 200
    assert login("pmd").get(reverse("monitoring:compare")).status_code == 404
    camat_paringin = login("camat-paringin")
    page = camat_paringin.get(reverse("monitoring:dashboard") + "?office=paringin-selatan")
    assert page.status_code == 404


@pytest.mark.django_db
def test_the_regency_sees_its_offices_side_by_side_sorted(march_cases, other_office, login):
    client = login("kabupaten")
    base = reverse("monitoring:compare") + "?period=month&year=2026&number=3"
    with clock.frozen(NOW):
        page = client.get(base + "&sort=cases_submitted&dir=desc")
    assert page.status_code == 200
    names = [n for n in ("Kecamatan Paringin Selatan", "Kecamatan Paringin") if n in page.text]
    assert len(names) == 2
    assert page.text.index("Kecamatan Paringin Selatan") < page.text.index(">Kecamatan Paringin<")
    with clock.frozen(NOW):  # by name, A to Z
        ascending = client.get(base + "&sort=office&dir=asc")
    assert ascending.text.index(">Kecamatan Paringin<") < ascending.text.index(
        "Kecamatan Paringin Selatan"
    )
    offices = list(Office.objects.filter(pk__in=[other_office.pk, march_cases[0].office_id]))
    scope = Scope(offices=offices, period=MARCH, now=NOW, area="Kabupaten Balangan")
    found = selectors.offices_side_by_side(scope, sort="cases_sla_rate")
    by_name = {row["office"].name: row for row in found.rows}
    assert by_name["Kecamatan Paringin Selatan"]["cases_submitted"] == 4
    assert by_name["Kecamatan Paringin Selatan"]["cases_sla_rate"] == Decimal("50.0")
    assert by_name["Kecamatan Paringin"]["cases_submitted"] is None  # no case: no row
    assert found.rows[-1]["office"].name == "Kecamatan Paringin"  # empty values last
    export = client.get(reverse("monitoring:compare_export") + "?period=month&year=2026&number=3")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Kecamatan" and len(rows) == 4


@pytest.mark.django_db
def test_the_dashboard_and_case_list_export_with_real_types(march_cases, login):
    client = login("camat")
    with clock.frozen(NOW):
        export = client.get(reverse("monitoring:export") + "?period=month&year=2026&number=3")
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert book.sheetnames[0] == "Ringkasan"
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    submitted = next(r for r in summary if r[1] == "Permasalahan diajukan")
    assert submitted[2] == 4 and isinstance(submitted[2], int | float)
    villages = list(book["Permasalahan per desa"].iter_rows(values_only=True))
    assert villages[1][:2] == ("Desa", "Diajukan") and isinstance(villages[2][1], int)
    cases = client.get(reverse("cases:export") + "?village=" + str(march_cases[0].village_id))
    sheet = load_workbook(io.BytesIO(b"".join(cases.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Nomor pelacakan", "Diajukan", "Desa")
    first = rows[2]
    assert first[0].startswith("PRS-") and isinstance(first[1], dt.datetime)
    assert first[2] == "Desa Inan" and first[-2] in (5, None)
    assert sheet.cell(row=3, column=2).number_format == "DD/MM/YYYY HH:MM"
    # A village exports only its own cases, without the officers' names.
    village = login("desa-bungin").get(reverse("cases:export"))
    rows = list(load_workbook(io.BytesIO(b"".join(village.streaming_content))).active.values)
    assert "Petugas" not in rows[1] and all(r[2] == "Desa Bungin" for r in rows[2:])


@pytest.mark.django_db
def test_the_stats_api_gives_the_dashboard_figures(march_cases):
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token", {"username": "camat", "password": PASSWORD}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    with clock.frozen(NOW):
        data = api.get("/api/v1/stats?start=2026-03-01&end=2026-03-31").json()
    assert data["cases"]["submitted"] == 4 and data["cases"]["overdue"] == 1
    assert data["cases"]["answer_hours"] == 144.0
    assert data["reports"]["owed"] > 0 and data["stunting"]["missing"] == 16
    village = APIClient()
    token = village.post(
        "/api/v1/auth/token", {"username": "desa-inan", "password": PASSWORD}, format="json"
    ).json()["token"]
    village.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert village.get("/api/v1/stats").status_code == 403
    assert "/api/v1/stats" in api.get("/api/v1/openapi.json").json()["paths"]


@pytest.mark.django_db
def test_a_province_inspector_sees_every_office_of_the_province_side_by_side(
    march_cases, other_office, client
):
    """The same table for a province: an inspector of Kalimantan Selatan (made with the
    command) reads both kecamatan of Balangan; one of another province reads none of them."""
    from django.core.management import call_command

    from apps.accounts.models import User
    from apps.accounts.policy import offices_for
    from apps.regions.models import Region, RegionLevel

    out = io.StringIO()
    call_command(
        "create_inspector",
        "63",
        username="provinsi",
        full_name="Dra. Rahmah",
        email="provinsi@kalsel.test",
        stdout=out,
    )
    assert "Kalimantan Selatan" in out.getvalue()
    inspector = User.objects.get(username="provinsi")
    membership = inspector.memberships.get()
    assert set(offices_for(membership)) == {other_office, march_cases[0].office}
    client.force_login(inspector)
    with clock.frozen(NOW):
        page = client.get(reverse("monitoring:compare") + "?period=month&year=2026&number=3")
    assert page.status_code == 200
    assert "Kecamatan Paringin Selatan" in page.text and ">Kecamatan Paringin<" in page.text
    elsewhere = Region.objects.create(
        code="64", name="Kalimantan Timur", level=RegionLevel.PROVINCE
    )
    call_command(
        "create_inspector",
        elsewhere.code,
        username="kaltim",
        full_name="Budi",
        email="kaltim@kaltim.test",
        stdout=io.StringIO(),
    )
    assert not offices_for(User.objects.get(username="kaltim").memberships.get()).exists()


@pytest.mark.django_db
def test_figures_counted_for_one_office_are_never_shown_for_another(
    march_cases, office, other_office, login
):
    """The camat of Paringin Selatan loads the dashboard first (its figures are kept); the
    camat of Paringin then sees Paringin's, and the regency inspector all of Balangan's."""
    url = reverse("monitoring:dashboard") + "?period=month&year=2026&number=3"
    with clock.frozen(NOW):
        house = login("camat").get(url)
        other = login("camat-paringin").get(url)
        regency = login("kabupaten").get(url)
    assert figures(house)["cases-submitted"] != "0"
    assert "Kecamatan Paringin Selatan" in house.text
    assert "Kecamatan Paringin ·" in other.text and "Paringin Selatan" not in other.text
    assert figures(other)["cases-submitted"] == "0"
    assert figures(regency) != figures(house)
