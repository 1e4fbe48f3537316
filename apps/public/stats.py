"""The public figures of the coordination cases for a period: received, resolved, median
hours to answer, answers within the service level, average rating, for the office and per
village and category. Figures only: no case text, no name of a person. Counted in the
database through the cases' selectors (nine queries, whatever the number of cases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from apps.cases import selectors as case_selectors
from apps.core.counted import counted
from apps.offices.audit import offices_state
from apps.village_reports.periods import MONTH_NAMES, ROMAN, add_months

KINDS = {"month": 1, "quarter": 3, "year": 12}
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int
    start: dt.date
    end: dt.date
    label: str


def make_period(kind: str, year: int, number: int = 1) -> Period:
    size = KINDS[kind]
    start = dt.date(year, (number - 1) * size + 1, 1)
    end = add_months(start, size) - dt.timedelta(days=1)
    if kind == "month":
        label = f"{MONTH_NAMES[number - 1]} {year}"
    elif kind == "quarter":
        label = _("Quarter %(n)s %(year)s") % {"n": ROMAN[number - 1], "year": year}
    else:
        label = _("Year %(year)s") % {"year": year}
    return Period(kind, year, number, start, end, label)


class PeriodForm(forms.Form):
    """`?period=quarter&year=2026&number=3`: a month (1–12), a quarter (1–4) or a year."""

    period = forms.ChoiceField(
        label=gettext_lazy("period"),
        choices=[
            ("year", gettext_lazy("Year")),
            ("quarter", gettext_lazy("Quarter")),
            ("month", gettext_lazy("Month")),
        ],
        required=False,
    )
    year = forms.IntegerField(label=gettext_lazy("year"), required=False)
    number = forms.IntegerField(
        label=gettext_lazy("month or quarter"),
        required=False,
        help_text=gettext_lazy("Month 1–12 or quarter 1–4."),
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # The years with figures: from FIRST_YEAR to this one (a later year has none yet).
        self.fields["year"] = forms.IntegerField(
            label=gettext_lazy("year"),
            required=False,
            min_value=FIRST_YEAR,
            max_value=today.year,
        )

    def clean(self):
        data = super().clean()
        kind = data.get("period") or "year"
        number = data.get("number")
        size = KINDS[kind]
        if kind != "year" and number is not None and not 1 <= number <= 12 // size:
            self.add_error(
                "number",
                _("Choose a month from 1 to 12.")
                if kind == "month"
                else _("Choose a quarter from 1 to 4."),
            )
        return data

    def chosen_period(self) -> Period:
        """The chosen period; this year when nothing (or something wrong) was chosen."""
        if not self.is_bound or not self.is_valid():
            return make_period("year", self.today.year)
        kind = self.cleaned_data.get("period") or "year"
        year = self.cleaned_data.get("year") or self.today.year
        number = self.cleaned_data.get("number")
        if kind == "year":
            number = 1
        elif number is None:  # the month or quarter that holds today (or the first)
            number = (self.today.month - 1) // KINDS[kind] + 1 if year == self.today.year else 1
        return make_period(kind, year, number)


def _number(value, places: int = 1) -> str:
    """Indonesian notation: 1.234,5."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _shown(row: dict) -> dict:
    """The figures as the page writes them; "–" where there is none yet."""
    hours, sla, rating = row.get("answer_hours"), row.get("sla_rate"), row.get("rating_avg")
    return {
        "name": row.get("name", ""),
        "submitted": _number(row["submitted"] or 0, 0),
        "resolved": _number(row["resolved"] or 0, 0),
        "answer_hours": "–" if hours is None else _("%(hours)s h") % {"hours": _number(hours)},
        "sla_rate": "–" if sla is None else f"{_number(sla)}%",
        "rating_avg": "–" if rating is None else _number(rating),
        "rated": row.get("rated") or 0,
    }


def public_case_stats(*, office, period: Period, now) -> dict:
    """The office's figures for the period, and per village and category."""
    cases = case_selectors.cases_submitted_between(
        offices=[office], start=period.start, end=period.end
    )
    villages = [_shown(r) for r in case_selectors.case_stats_by(cases=cases, by="village", now=now)]
    categories = [
        _shown(r) for r in case_selectors.case_stats_by(cases=cases, by="category", now=now)
    ]
    return {
        "total": _shown(case_selectors.case_stats(cases=cases, now=now)),
        "villages": villages,
        "categories": categories,
        "tables": [(_("Per village"), villages), (_("Per category"), categories)],
    }


def public_case_stats_counted(*, office, period: Period, now) -> dict:
    """`public_case_stats`, counted again after a change in the office (within five minutes
    at the latest); `counted_at` says when."""
    key = ("public-stats", offices_state([office]), period, get_language())
    stats, counted_at = counted(
        key, lambda: public_case_stats(office=office, period=period, now=now)
    )
    return {**stats, "counted_at": counted_at}
