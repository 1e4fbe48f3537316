"""The office's working-day calendar: Monday to Friday, minus Indonesia's national holidays
(the `holidays` package), minus the days the office adds (cuti bersama, local holidays), plus
any day the office declares a working day. The cases count their deadlines on it, the
agenda closes its consultation slots on it; both import it from here.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import holidays
from django.utils import timezone

from .models import Holiday, HolidayKind, Office

END_OF_DAY = dt.time(23, 59, 59)


class WorkCalendar:
    def __init__(self, office: Office):
        self.office = office

    @classmethod
    def for_offices(cls, offices) -> dict[int, WorkCalendar]:
        """The calendars of many offices with their days read in one query (a regency's
        dashboard asks for all of them at once)."""
        calendars = {office.pk: cls(office) for office in offices}
        days = {pk: (set(), set()) for pk in calendars}
        rows = Holiday.objects.filter(office_id__in=list(calendars)).values_list(
            "office_id", "date", "kind"
        )
        for office_id, date, kind in rows:
            days[office_id][1 if kind == HolidayKind.WORKING_DAY else 0].add(date)
        for pk, calendar in calendars.items():
            calendar.__dict__["_office_days"] = days[pk]
        return calendars

    @cached_property
    def _office_days(self) -> tuple[set[dt.date], set[dt.date]]:
        off, extra = set(), set()
        for date, kind in self.office.holidays.values_list("date", "kind"):
            (extra if kind == HolidayKind.WORKING_DAY else off).add(date)
        return off, extra

    @cached_property
    def _national(self):
        return holidays.country_holidays("ID")

    def is_working_day(self, day: dt.date) -> bool:
        off, extra = self._office_days
        if day in extra:
            return True
        if day.weekday() >= 5 or day in off:
            return False
        return day not in self._national

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date of the `days`-th working day after `start` (start itself not counted)."""
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def deadline(self, start: dt.datetime, days: int) -> dt.datetime:
        local_start = timezone.localtime(start)
        due = self.add_working_days(local_start.date(), days)
        return timezone.make_aware(dt.datetime.combine(due, END_OF_DAY))

    def on_or_after(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the next working day: a deadline that
        falls on a Sunday or a holiday moves to the next day the office is open."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day
