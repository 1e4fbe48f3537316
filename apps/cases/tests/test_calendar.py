"""Deadlines on the working-day calendar, with real Indonesian dates."""

import datetime as dt

import pytest

from apps.cases import services
from apps.cases.models import Status
from apps.core import clock
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Holiday, HolidayKind, SlaRule

from .conftest import at


def add_cuti_bersama(office, *days):
    for day in days:
        Holiday.objects.create(
            office=office,
            date=day,
            name="Cuti bersama Idul Fitri",
            kind=HolidayKind.COLLECTIVE_LEAVE,
        )


@pytest.mark.django_db
def test_a_medium_case_verified_before_idul_fitri_2027_is_due_after_the_holidays(
    office, submit, member
):
    # Idul Fitri 1448 H falls on 10-11 March 2027 and Nyepi on 8 March (national holidays);
    # the office adds the cuti bersama of 9, 12 and 15 March.
    add_cuti_bersama(office, dt.date(2027, 3, 9), dt.date(2027, 3, 12), dt.date(2027, 3, 15))
    case = submit(when=at(2027, 3, 4, 14))
    sekcam = member("sekcam")
    with clock.frozen(at(2027, 3, 5, 10)):  # Friday
        services.case_verify(acting=sekcam, case=case)
    case.refresh_from_db()
    # 5 working days: 16, 17, 18, 19 and 22 March.
    assert case.response_due == at(2027, 3, 22, 23, 59).replace(second=59)


@pytest.mark.django_db
def test_without_the_offices_cuti_bersama_only_national_holidays_count(office):
    calendar = WorkCalendar(office)
    assert not calendar.is_working_day(dt.date(2027, 3, 8))  # Nyepi
    assert not calendar.is_working_day(dt.date(2027, 3, 10))  # Idul Fitri
    assert calendar.is_working_day(dt.date(2027, 3, 9))
    assert calendar.add_working_days(dt.date(2027, 3, 5), 5) == dt.date(2027, 3, 17)
    # An extra working day (a Saturday declared working) counts.
    Holiday.objects.create(
        office=office,
        date=dt.date(2027, 3, 13),
        name="Hari kerja pengganti",
        kind=HolidayKind.WORKING_DAY,
    )
    assert WorkCalendar(office).add_working_days(dt.date(2027, 3, 5), 5) == dt.date(2027, 3, 16)


@pytest.mark.django_db
def test_urgency_sets_the_answer_deadline_and_a_category_rule_overrides_it(office, submit, member):
    sekcam = member("sekcam")
    monday = at(2026, 11, 2, 8)
    expected = {
        "darurat": dt.date(2026, 11, 3),
        "tinggi": dt.date(2026, 11, 5),
        "sedang": dt.date(2026, 11, 9),
        "rendah": dt.date(2026, 11, 16),
    }
    for urgency, due in expected.items():
        case = submit(when=monday, urgency=urgency)
        with clock.frozen(monday):
            services.case_verify(acting=sekcam, case=case)
        case.refresh_from_db()
        assert case.response_due.astimezone(monday.tzinfo).date() == due, urgency
    stunting = office.categories.get(name="Stunting dan kesehatan")
    SlaRule.objects.create(
        office=office, category=stunting, urgency="sedang", verify_days=1, answer_days=2
    )
    case = submit(when=monday, urgency="sedang", category="Stunting dan kesehatan")
    assert case.verify_due.astimezone(monday.tzinfo).date() == dt.date(2026, 11, 3)
    with clock.frozen(monday):
        services.case_verify(acting=sekcam, case=case)
    case.refresh_from_db()
    assert case.response_due.astimezone(monday.tzinfo).date() == dt.date(2026, 11, 4)


@pytest.mark.django_db
def test_the_clock_does_not_run_while_a_case_is_returned(office, submit, member):
    sekcam, inan = member("sekcam"), member("desa-inan")
    case = submit(when=at(2026, 11, 2, 9))  # Monday; verify by Tuesday
    with clock.frozen(at(2026, 11, 2, 11)):
        services.case_return(
            acting=sekcam,
            case=case,
            reason="Lampirkan laporan semester lalu.",
        )
    # A week later the case was with the village all along: nothing is overdue.
    assert services.cases_mark_overdue(now=at(2026, 11, 9, 9)) == 0
    with clock.frozen(at(2026, 11, 9, 10)):  # Monday again
        services.case_resubmit(
            acting=inan,
            case=case,
            description="Laporan semester lalu terlampir.",
        )
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.paused_at is None
    assert case.verify_due.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 11, 10)
    assert services.cases_mark_overdue(now=at(2026, 11, 10, 20)) == 0
    assert services.cases_mark_overdue(now=at(2026, 11, 11, 8)) == 1
