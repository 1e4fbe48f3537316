"""Periods of an obligation and their deadlines: pure date arithmetic on the office calendar.

A period is named by its first day (1 Jan, 1 Apr, 1 Jul …). Its deadline is a number of days
after it ends (or starts), moved to the next working day of the office when it falls on a
weekend or a holiday (`apps.offices.calendar.WorkCalendar`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.offices.calendar import WorkCalendar

from .models import PERIODS_PER_YEAR, DeadlineAnchor, ObligationType, Period

MONTHS_PER_PERIOD = {Period.MONTHLY: 1, Period.QUARTERLY: 3, Period.SEMESTER: 6, Period.YEARLY: 12}
ROMAN = ["I", "II", "III", "IV"]
MONTH_NAMES = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_start_of(kind: str, day: dt.date) -> dt.date:
    """The first day of the period of `kind` that holds `day`."""
    size = MONTHS_PER_PERIOD[kind]
    month = (day.month - 1) // size * size + 1
    return dt.date(day.year, month, 1)


def period_end(kind: str, start: dt.date) -> dt.date:
    return add_months(start, MONTHS_PER_PERIOD[kind]) - dt.timedelta(days=1)


def period_number(kind: str, start: dt.date) -> int:
    """1 to 12 for months, 1 to 4 for quarters, 1 or 2 for semesters, 1 for a year."""
    return (start.month - 1) // MONTHS_PER_PERIOD[kind] + 1


def period_label(kind: str, start: dt.date) -> str:
    number = period_number(kind, start)
    if kind == Period.MONTHLY:
        return f"{MONTH_NAMES[start.month - 1][:3]} {start.year}"
    if kind == Period.QUARTERLY:
        return _("Quarter %(n)s %(year)s") % {"n": ROMAN[number - 1], "year": start.year}
    if kind == Period.SEMESTER:
        return _("Semester %(n)s %(year)s") % {"n": ROMAN[number - 1], "year": start.year}
    return str(start.year)


def is_period_start(kind: str, day: dt.date) -> bool:
    return period_start_of(kind, day) == day


def owed(obligation: ObligationType, start: dt.date) -> bool:
    """Whether villages owe this obligation for the period starting on `start`."""
    if start < period_start_of(obligation.period, obligation.starts_on):
        return False
    if start < obligation.starts_on and period_end(obligation.period, start) < obligation.starts_on:
        return False
    only = obligation.only_period
    return only is None or period_number(obligation.period, start) == only


def periods_between(obligation: ObligationType, first: dt.date, last: dt.date) -> list[dt.date]:
    """The owed periods of the obligation that start between `first` and `last`."""
    kind = obligation.period
    start = period_start_of(kind, max(first, obligation.starts_on))
    found = []
    while start <= last:
        if start >= first and owed(obligation, start):
            found.append(start)
        start = add_months(start, MONTHS_PER_PERIOD[kind])
    return found


def due_date(obligation: ObligationType, start: dt.date, calendar: WorkCalendar) -> dt.date:
    """The last day on which a report for this period is on time."""
    anchor = (
        period_end(obligation.period, start)
        if obligation.deadline_anchor == DeadlineAnchor.AFTER_END
        else start
    )
    return calendar.on_or_after(anchor + dt.timedelta(days=obligation.deadline_days))


@dataclass(frozen=True)
class PeriodInfo:
    start: dt.date
    end: dt.date
    due: dt.date
    label: str
    number: int

    @property
    def key(self) -> str:
        return self.start.isoformat()


def period_info(obligation: ObligationType, start: dt.date, calendar: WorkCalendar) -> PeriodInfo:
    kind = obligation.period
    return PeriodInfo(
        start=start,
        end=period_end(kind, start),
        due=due_date(obligation, start, calendar),
        label=period_label(kind, start),
        number=period_number(kind, start),
    )


def periods_of_year(obligation: ObligationType, year: int, calendar: WorkCalendar):
    return [
        period_info(obligation, start, calendar)
        for start in periods_between(obligation, dt.date(year, 1, 1), dt.date(year, 12, 31))
    ]


def periods_per_year(obligation: ObligationType) -> int:
    return 1 if obligation.only_period else PERIODS_PER_YEAR[obligation.period]
