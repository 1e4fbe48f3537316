"""The meetings, follow-ups and early-warning sections of the dashboard against hand-built data
(each figure asserted), built through the domains' services; and the regency's columns."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.alerts import selectors as alert_selectors
from apps.alerts import services as alert_services
from apps.alerts.models import EmergencyContact, EvacuationPoint, ReadinessItem
from apps.alerts.values import Certainty, Hazard, Severity, Urgency
from apps.core import clock
from apps.follow_ups.models import FollowUp
from apps.follow_ups.services import FollowUpInput, follow_up_complete
from apps.meetings import services as meeting_services
from apps.meetings.models import Invitation, Meeting, Room
from apps.monitoring import selectors
from apps.monitoring.periods import make_period
from apps.monitoring.sections import Scope
from apps.offices.models import Office
from tests_support.factories import make_answered_case, membership_of

WITA = timezone.get_default_timezone()
MARCH = make_period("month", 2026, 3)


def at(month, day, hour=9, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


NOW = at(3, 20, 10)


def scope_of(office):
    return Scope(offices=[office], period=MARCH, now=NOW, area=office.name)


def figures_of(office, key):
    with clock.frozen(NOW):
        section = selectors.dashboard(scope_of(office), only=(key,))[0]
    return section, {f.key: f.value for f in section.figures}


# --- meetings ------------------------------------------------------------------------------------


def schedule(office, day, villages, hour=13, title="Rapat koordinasi"):
    with clock.frozen(at(2, 20)):
        return meeting_services.meeting_schedule(
            acting=membership_of("sekcam"),
            kind="rakor",
            title=title,
            starts_at=at(day.month, day.day, hour),
            ends_at=at(day.month, day.day, hour + 2),
            section=office.sections.get(short_name="PEM"),
            room=Room.objects.get(office=office, name="Ruang RUKO PARSEL"),
            villages=list(office.villages.filter(slug__in=villages)),
        )


def hand_built_meetings(office):
    """M1 (3 March): Inan, Bungin, Batu Piring invited; Inan checks in by QR, the secretariat
    ticks Bungin in; held. M2 (10 March): Inan and Tarangan invited, nobody came; held.
    M3 (24 March): still planned. M4 (17 March): cancelled. M5 (7 April): outside March."""
    m1 = schedule(office, dt.date(2026, 3, 3), ["inan", "bungin", "batu-piring"])
    with clock.frozen(at(3, 3, 13, 5)):
        meeting_services.meeting_check_in(
            acting=membership_of("desa-inan"), meeting=m1, token=m1.checkin_token
        )
        bungin = Invitation.objects.filter(meeting=m1, village__slug="bungin")
        meeting_services.attendance_record(
            acting=membership_of("sekcam"), meeting=m1, present=[i.pk for i in bungin]
        )
        meeting_services.meeting_hold(acting=membership_of("sekcam"), meeting=m1)
    m2 = schedule(office, dt.date(2026, 3, 10), ["inan", "tarangan"])
    with clock.frozen(at(3, 10, 15)):
        meeting_services.meeting_hold(acting=membership_of("sekcam"), meeting=m2)
    schedule(office, dt.date(2026, 3, 24), ["inan"])
    m4 = schedule(office, dt.date(2026, 3, 17), ["bungin"])
    with clock.frozen(at(3, 16)):
        meeting_services.meeting_cancel(
            acting=membership_of("sekcam"), meeting=m4, reason="Banjir."
        )
    schedule(office, dt.date(2026, 4, 7), ["inan"])


@pytest.mark.django_db
def test_every_meeting_figure_against_hand_built_meetings(office):
    hand_built_meetings(office)
    section, figures = figures_of(office, "meetings")
    assert figures == {
        "held": 2,  # M1 and M2
        "planned": 1,  # M3
        "cancelled": 1,  # M4
        "villages_invited": 5,  # three to M1, two to M2
        "villages_attended": 2,  # Inan and Bungin at M1
        "attendance_rate": Decimal("40.0"),
    }
    held = "/agenda/rapat/?starts_from=2026-03-01&starts_to=2026-03-31&state=held"
    links = {f.key: f.link for f in section.figures}
    assert links["held"] == links["attendance_rate"] == held
    assert links["cancelled"].endswith("state=cancelled")
    # Per village invited to the meetings held: invited to, attended, rate; lowest first.
    table = section.tables[0]
    assert table.rows == [
        ["Desa Tarangan", 1, 0, Decimal("0.0")],
        ["Kelurahan Batu Piring", 1, 0, Decimal("0.0")],
        ["Desa Inan", 2, 1, Decimal("50.0")],
        ["Desa Bungin", 1, 1, Decimal("100.0")],
    ]
    inan = office.villages.get(slug="inan")
    assert table.links[2] == f"{held}&village={inan.pk}"
    assert section.charts and "Tarangan" in section.charts[0].summary


@pytest.mark.django_db
def test_the_meeting_figures_link_to_the_meetings_behind_them(office, login):
    hand_built_meetings(office)
    section, _figures = figures_of(office, "meetings")
    links = {f.key: f.link for f in section.figures}
    client = login("camat")
    march = {m.starts_at.day: m.pk for m in Meeting.objects.filter(starts_at__month=3)}

    def listed(url):
        page = client.get(url)
        assert page.status_code == 200 and 'id="meetings-found"' in page.text
        return {day for day, pk in march.items() if f'href="/agenda/rapat/{pk}/"' in page.text}

    assert listed(links["held"]) == {3, 10}
    assert listed(links["planned"]) == {24}
    assert listed(links["cancelled"]) == {17}
    bungin = section.tables[0].links[-1]
    assert listed(bungin) == {3}  # Bungin was invited to M1 only


# --- follow-ups ----------------------------------------------------------------------------------


def hand_built_follow_ups(office):
    """Due 10 March, done the 9th (on time); due 10 March, done the 12th (late); due 15 March,
    open (overdue on the 20th); due 25 March, open; due 5 April (outside March)."""
    pmd = office.sections.get(short_name="PMD")
    dues = [dt.date(2026, 3, d) for d in (10, 10, 15, 25)] + [dt.date(2026, 4, 5)]
    with clock.frozen(at(3, 1)):
        make_answered_case(
            follow_ups=[
                FollowUpInput(f"Tindak lanjut {n}", "seksi", due, owner_section=pmd)
                for n, due in enumerate(dues)
            ]
        )
    items = list(FollowUp.objects.order_by("pk"))
    for item, when in ((items[0], at(3, 9)), (items[1], at(3, 12))):
        with clock.frozen(when):
            follow_up_complete(acting=membership_of("pmd"), follow_up=item, note="Sudah.")


@pytest.mark.django_db
def test_every_follow_up_figure_against_hand_built_items(office):
    hand_built_follow_ups(office)
    section, figures = figures_of(office, "follow_ups")
    assert figures == {
        "due": 4,
        "done": 2,
        "done_on_time": 1,
        "on_time_rate": Decimal("25.0"),
        "open": 2,
        "overdue": 1,  # due the 15th, still open on the 20th
    }
    links = {f.key: f.link for f in section.figures}
    assert links["overdue"] == ("/tindak-lanjut/?due_from=2026-03-01&due_to=2026-03-31&overdue=on")
    # Every item is of Inan's case: one row, the same figures.
    table = section.tables[0]
    assert table.rows == [["Desa Inan", 4, 2, 1, Decimal("25.0"), 2, 1]]
    inan = office.villages.get(slug="inan")
    assert table.links == [
        f"/tindak-lanjut/?due_from=2026-03-01&due_to=2026-03-31&village={inan.pk}"
    ]
    assert section.charts


@pytest.mark.django_db
def test_the_follow_up_figures_link_to_the_items_behind_them(office, login):
    hand_built_follow_ups(office)
    section, _figures = figures_of(office, "follow_ups")
    links = {f.key: f.link for f in section.figures}
    client = login("camat")

    def listed(url):
        with clock.frozen(NOW):
            page = client.get(url)
        assert page.status_code == 200
        return sorted(int(n) for n in re.findall(r"Tindak lanjut (\d)", page.text))

    assert listed(links["due"]) == [0, 1, 2, 3]
    assert listed(links["done"]) == [0, 1]
    assert listed(links["overdue"]) == [2]
    assert listed(section.tables[0].links[0]) == [0, 1, 2, 3]


# --- alerts and readiness ------------------------------------------------------------------------


def issue(office, when, slugs, issue=True):
    with clock.frozen(when):
        return alert_services.alert_create(
            acting=membership_of("trantib"),
            values=alert_services.AlertInput(
                hazard=Hazard.FLOOD,
                severity=Severity.SEVERE,
                urgency=Urgency.EXPECTED,
                certainty=Certainty.LIKELY,
                headline="Sungai Balangan berpotensi meluap",
                description="Tinggi muka air naik 80 cm dalam 12 jam.",
                instruction="Amankan dokumen dan ternak.",
                expires=when + dt.timedelta(hours=12),
                villages=list(office.villages.filter(slug__in=slugs)),
            ),
            issue=issue,
        )


def acknowledge(alert, username, when):
    membership = membership_of(username)
    with clock.frozen(when):
        alert_services.delivery_acknowledge(
            acting=membership,
            delivery=alert.deliveries.get(village=membership.village),
            state="aman",
        )


def hand_built_alerts(office):
    """A1 (5 March 09:00) to Inan, Bungin, Tarangan: Inan acknowledges after 10 minutes,
    Bungin after 30, Tarangan never. A2 (12 March 09:00) to Inan and Lingsir: after 20 and
    50 minutes. A3 (2 April) and a draft never issued do not count."""
    a1 = issue(office, at(3, 5), ["inan", "bungin", "tarangan"])
    acknowledge(a1, "desa-inan", at(3, 5, 9, 10))
    acknowledge(a1, "desa-bungin", at(3, 5, 9, 30))
    a2 = issue(office, at(3, 12), ["inan", "lingsir"])
    acknowledge(a2, "desa-inan", at(3, 12, 9, 20))
    acknowledge(a2, "desa-lingsir", at(3, 12, 9, 50))
    issue(office, at(4, 2), ["inan"])
    issue(office, at(3, 6), ["inan"], issue=False)


def hand_built_readiness(office):
    """Inan: the whole checklist in place, reviewed this month, a contact and a shelter: ready.
    Tarangan: the same, but reviewed more than a year ago: partly ready. Bungin: only a
    contact: partly ready. The other 13 villages: nothing recorded."""
    everything = dict.fromkeys(ReadinessItem.values, (True, ""))
    villages = {v.slug: v for v in office.villages.filter(slug__in=["inan", "tarangan", "bungin"])}
    trantib = membership_of("trantib")
    for slug, reviewed in (("inan", at(3, 2)), ("tarangan", at(1, 10, year=2025))):
        with clock.frozen(reviewed):
            alert_services.readiness_checklist_review(
                acting=trantib, village=villages[slug], items=everything
            )
        alert_services.readiness_record_save(
            acting=trantib, village=villages[slug], instance=EvacuationPoint(),
            values={"name": "Balai desa", "address": "Jalan desa", "capacity": 100},
        )  # fmt: skip
    for slug in ("inan", "tarangan", "bungin"):
        alert_services.readiness_record_save(
            acting=trantib, village=villages[slug], instance=EmergencyContact(),
            values={"name": "Kades", "position": "Kepala Desa", "phone": "0812 5170 2003"},
        )  # fmt: skip


@pytest.mark.django_db
def test_every_alert_and_readiness_figure_against_hand_built_data(office):
    hand_built_alerts(office)
    hand_built_readiness(office)
    section, figures = figures_of(office, "alerts")
    assert figures == {
        "issued": 2,
        "villages_targeted": 5,  # three for A1, two for A2
        "acknowledged": 4,
        "ack_minutes": Decimal("25.0"),  # median of 10, 20, 30 and 50 minutes
        "not_acknowledged": 1,  # Tarangan for A1
        "ready": 1,  # Inan
        "partial": 2,  # Tarangan (review a year old), Bungin (a contact only)
        "not_ready": 13,
    }
    links = {f.key: f.link for f in section.figures}
    assert links["ready"] == "/kesiapsiagaan/" and links["not_acknowledged"].startswith(
        "/peringatan/belum-konfirmasi/"
    )
    acknowledgements, readiness = section.tables
    # village, received, acknowledged, never, median minutes: never acknowledged first,
    # then the slowest.
    assert acknowledgements.rows == [
        ["Desa Tarangan", 1, 0, 1, None],
        ["Desa Lingsir", 1, 1, 0, Decimal("50.0")],
        ["Desa Bungin", 1, 1, 0, Decimal("30.0")],
        ["Desa Inan", 2, 2, 0, Decimal("15.0")],  # 10 and 20 minutes
    ]
    assert len(readiness.rows) == 16 and readiness.rows[0][1] == "belum siap"
    by_name = {row[0]: row for row in readiness.rows}
    items = len(ReadinessItem.values)
    assert by_name["Desa Inan"] == ["Desa Inan", "siap", 1, 1, items]
    assert by_name["Desa Bungin"] == ["Desa Bungin", "siap sebagian", 1, 0, 0]
    assert by_name["Desa Tarangan"][1:3] == ["siap sebagian", 1]
    inan = office.villages.get(slug="inan")
    assert readiness.links[readiness.rows.index(by_name["Desa Inan"])] == (
        f"/kesiapsiagaan/{inan.pk}/"
    )
    assert len(section.charts) == 2
    # The database's levels are the readiness overview's levels.
    with clock.frozen(NOW):
        rows = alert_selectors.readiness_overview_for(membership=membership_of("camat"))
    levels = [row.level for row in rows]
    assert (levels.count("ready"), levels.count("partial"), levels.count("none")) == (1, 2, 13)


@pytest.mark.django_db
def test_the_regency_compares_meetings_follow_ups_alerts_and_readiness(office, other_office):
    hand_built_meetings(office)
    hand_built_follow_ups(office)
    hand_built_alerts(office)
    hand_built_readiness(office)
    offices = list(Office.objects.filter(pk__in=[office.pk, other_office.pk]))
    scope = Scope(offices=offices, period=MARCH, now=NOW, area="Kabupaten Balangan")
    with clock.frozen(NOW):
        found = selectors.offices_side_by_side(scope)
    by_name = {row["office"].name: row for row in found.rows}
    ours, theirs = by_name[office.name], by_name[other_office.name]
    assert (ours["meetings_held"], ours["meetings_attendance_rate"]) == (2, Decimal("40.0"))
    assert (ours["follow_ups_on_time_rate"], ours["follow_ups_overdue"]) == (Decimal("25.0"), 1)
    assert (ours["alerts_ack_minutes"], ours["alerts_not_acknowledged"]) == (Decimal("25.0"), 1)
    assert (ours["readiness_ready"], ours["readiness_none"]) == (1, 13)
    assert theirs["meetings_held"] is None and theirs["alerts_ack_minutes"] is None
    assert theirs["readiness_ready"] == 0  # its villages, none ready
