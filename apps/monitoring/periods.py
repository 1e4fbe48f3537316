"""The period a dashboard or an activity report covers: a month, a quarter, a semester, a
year, or any two dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.village_reports.periods import MONTH_NAMES, ROMAN, add_months

KINDS = {
    "month": (1, gettext_lazy("Month")),
    "quarter": (3, gettext_lazy("Quarter")),
    "semester": (6, gettext_lazy("Semester")),
    "year": (12, gettext_lazy("Year")),
    "custom": (0, gettext_lazy("Custom dates")),
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date
    label: str
    year: int
    number: int = 1

    @property
    def query(self) -> str:
        """The query string that names this period on the dashboard and its exports."""
        if self.kind == "custom":
            return f"period=custom&start={self.start:%Y-%m-%d}&end={self.end:%Y-%m-%d}"
        return f"period={self.kind}&year={self.year}&number={self.number}"

    @property
    def case_filter(self) -> str:
        """The case list's filter for cases submitted in the period."""
        return f"submitted_from={self.start:%Y-%m-%d}&submitted_to={self.end:%Y-%m-%d}"

    @property
    def last_month(self) -> dt.date:
        return dt.date(self.end.year, self.end.month, 1)


def day_label(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def make_period(kind: str, year: int, number: int = 1, start=None, end=None) -> Period:
    if kind == "custom":
        start, end = sorted((start, end))
        return Period("custom", start, end, f"{day_label(start)} – {day_label(end)}", start.year)
    size = KINDS[kind][0]
    number = max(1, min(number, 12 // size))
    first = dt.date(year, (number - 1) * size + 1, 1)
    last = add_months(first, size) - dt.timedelta(days=1)
    if kind == "month":
        label = f"{MONTH_NAMES[first.month - 1]} {year}"
    elif kind == "quarter":
        label = _("Quarter %(n)s %(year)s") % {"n": ROMAN[number - 1], "year": year}
    elif kind == "semester":
        label = _("Semester %(n)s %(year)s") % {"n": ROMAN[number - 1], "year": year}
    else:
        label = _("Year %(year)s") % {"year": year}
    return Period(kind, first, last, label, year, number)


def period_from(params, today: dt.date) -> Period:
    """The period a request asks for (`?period=quarter&year=2026&number=3`, or
    `?period=custom&start=…&end=…`); this year when it names none or a wrong one."""
    kind = params.get("period", "year")
    if kind not in KINDS:
        kind = "year"
    if kind == "custom":
        try:
            start = dt.date.fromisoformat(params.get("start", ""))
            end = dt.date.fromisoformat(params.get("end", ""))
        except ValueError:
            return make_period("year", today.year)
        if abs((end - start).days) > 366 * 5:
            return make_period("year", today.year)
        return make_period("custom", today.year, start=start, end=end)
    year = params.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= today.year + 1 else today.year
    number = params.get("number", "")
    if number.isdigit():
        number = int(number)
    else:  # the period of the kind that holds today
        size = KINDS[kind][0]
        number = (today.month - 1) // size + 1 if year == today.year else 1
    return make_period(kind, year, number)
