"""Reads of village reports, shared by the pages, the API and the monitoring dashboard:
what a village owes, the compliance matrix, compliance figures and stunting figures.

Counting happens in the database (`values().annotate()`); Python only walks the periods of
an obligation (at most twelve a year) and the villages of a page. Each read costs a fixed
number of queries, whatever the number of villages, reports or years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Office, Village

from . import defaults, periods, policy
from .models import FigureValue, ObligationType, Submission
from .workflow import SENT_STATES, Status


class Cell(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    MISSING = "missing"
    NOT_DUE = "not_due"


CELL_LABELS = {
    Cell.ON_TIME: _("on time"),
    Cell.LATE: _("late"),
    Cell.RETURNED: _("returned"),
    Cell.MISSING: _("missing"),
    Cell.NOT_DUE: _("not yet due"),
}
# One letter per cell, so that a matrix of 12 months fits a phone (the legend explains it).
CELL_MARKS = {
    Cell.ON_TIME: "✓",
    Cell.LATE: "T",
    Cell.RETURNED: "K",
    Cell.MISSING: "✗",
    Cell.NOT_DUE: "·",
}


def cell_state(status: str | None, on_time: bool | None, due: dt.date, today: dt.date) -> Cell:
    """The state of one village's report for one period, as the matrix shows it."""
    if status in SENT_STATES:
        return Cell.ON_TIME if on_time else Cell.LATE
    if status == Status.RETURNED:
        return Cell.RETURNED
    return Cell.MISSING if today > due else Cell.NOT_DUE


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal; None when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- the compliance matrix -----------------------------------------------------------------------


@dataclass
class MatrixCell:
    state: Cell
    period: periods.PeriodInfo
    submission_id: int | None = None
    pending: bool = False  # submitted, not yet reviewed

    @property
    def label(self) -> str:
        return str(CELL_LABELS[self.state])

    @property
    def mark(self) -> str:
        return CELL_MARKS[self.state]


@dataclass
class MatrixRow:
    village: Village
    cells: list[MatrixCell]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Matrix:
    obligation: ObligationType
    year: int
    periods: list[periods.PeriodInfo]
    rows: list[MatrixRow]
    totals: dict[str, int]
    due_cells: int  # cells whose deadline has passed
    on_time_rate: Decimal | None
    sent_rate: Decimal | None


def compliance_matrix(*, membership, obligation: ObligationType, year: int, today) -> Matrix:
    """Villages × periods of one obligation in one year: on time, late, returned, missing,
    not yet due; counts per village and the rate of the obligation. Three queries: the
    office calendar, the villages, the reports."""
    calendar = WorkCalendar(obligation.office)
    infos = periods.periods_of_year(obligation, year, calendar)
    villages = list(
        scope.villages_for(membership)
        .filter(office_id=obligation.office_id)
        .order_by("kind", "name")
    )
    found = {
        (row["village_id"], row["period_start"]): row
        for row in Submission.objects.filter(
            obligation=obligation, period_start__year=year, village__in=villages
        ).values("pk", "village_id", "period_start", "status", "on_time")
    }
    totals = {state.value: 0 for state in Cell}
    rows = []
    for village in villages:
        counts = {state.value: 0 for state in Cell}
        cells = []
        for info in infos:
            row = found.get((village.pk, info.start))
            state = cell_state(row and row["status"], row and row["on_time"], info.due, today)
            counts[state] += 1
            cells.append(
                MatrixCell(
                    state=state,
                    period=info,
                    submission_id=row["pk"] if row and row["status"] != Status.DRAFT else None,
                    pending=bool(row) and row["status"] == Status.SUBMITTED,
                )
            )
        for key, value in counts.items():
            totals[key] += value
        rows.append(MatrixRow(village=village, cells=cells, counts=counts))
    due = totals[Cell.ON_TIME] + totals[Cell.LATE] + totals[Cell.RETURNED] + totals[Cell.MISSING]
    return Matrix(
        obligation=obligation,
        year=year,
        periods=infos,
        rows=rows,
        totals=totals,
        due_cells=due,
        on_time_rate=rate(totals[Cell.ON_TIME], due),
        sent_rate=rate(totals[Cell.ON_TIME] + totals[Cell.LATE], due),
    )


# --- what a village owes -------------------------------------------------------------------------


@dataclass
class DueItem:
    obligation: ObligationType
    period: periods.PeriodInfo
    state: Cell
    status: str | None
    submission_id: int | None

    @property
    def label(self) -> str:
        return str(CELL_LABELS[self.state])

    @property
    def status_label(self) -> str:
        return Status(self.status).label if self.status else ""

    @property
    def open(self) -> bool:
        """The village still has something to do for it."""
        return self.status not in SENT_STATES


def due_list_for(*, membership, today, years_back: int = 1) -> list[DueItem]:
    """Every period the village owes from the start of last year up to now, newest first:
    what is still to send (missing, draft, returned, not yet due) and what was sent."""
    if not policy.can_submit_reports(membership):
        return []
    first = dt.date(today.year - years_back, 1, 1)
    obligations = list(
        policy.obligations_for(membership).filter(is_active=True).select_related("office")
    )
    if not obligations:
        return []
    calendar = WorkCalendar(obligations[0].office)
    found = {
        (row["obligation_id"], row["period_start"]): row
        for row in Submission.objects.filter(
            village_id=membership.village_id, period_start__gte=first
        ).values("pk", "obligation_id", "period_start", "status", "on_time")
    }
    items = []
    for obligation in obligations:
        for start in periods.periods_between(obligation, first, today):
            info = periods.period_info(obligation, start, calendar)
            row = found.get((obligation.pk, start))
            items.append(
                DueItem(
                    obligation=obligation,
                    period=info,
                    state=cell_state(
                        row and row["status"], row and row["on_time"], info.due, today
                    ),
                    status=row["status"] if row else None,
                    submission_id=row["pk"] if row else None,
                )
            )
    items.sort(key=lambda item: (item.period.due, item.obligation.order), reverse=True)
    return items


# --- lists ---------------------------------------------------------------------------------------

LIST_RELATED = ("obligation", "village", "office")


def submission_list_for(*, membership, status: str = "", obligation=None, village=None):
    qs = policy.submissions_for(membership).select_related(*LIST_RELATED)
    if status:
        qs = qs.filter(status=status)
    if obligation:
        qs = qs.filter(obligation_id=obligation)
    if village:
        qs = qs.filter(village_id=village)
    return qs.order_by("-submitted_at", "-id")


def to_review_for(*, membership) -> QuerySet[Submission]:
    """Reports waiting for this person's review: the section's for an officer, all of the
    office's for the camat and the secretaries."""
    qs = policy.submissions_for(membership).filter(status=Status.SUBMITTED)
    if scope.is_section_officer(membership):
        qs = qs.filter(obligation__section_id=membership.section_id)
    elif not scope.leads_office(membership, membership and membership.office_id):
        return Submission.objects.none()
    return qs.select_related(*LIST_RELATED).order_by("submitted_at", "id")


def submission_figures(submission: Submission) -> list[dict]:
    """The figures of a report in the obligation's order, filled or not."""
    values = {fv.spec_id: fv.value for fv in submission.values.all()}
    return [
        {"spec": spec, "value": values.get(spec.pk)} for spec in submission.obligation.figures.all()
    ]


# --- compliance figures for the dashboard --------------------------------------------------------


def compliance_summary(*, offices, start: dt.date, end: dt.date, today: dt.date) -> dict:
    """Reports whose deadline fell between `start` and `end` and has passed: how many were
    owed, sent on time, sent late, returned, missing; per obligation and per office. Four
    queries whatever the size: obligations, village counts, calendars, one count of reports."""
    offices = list(offices)
    last = min(end, today - dt.timedelta(days=1))
    villages = dict(
        Village.objects.filter(office__in=offices)
        .values_list("office_id")
        .annotate(n=Count("pk"))
        .values_list("office_id", "n")
    )
    calendars = WorkCalendar.for_offices(offices)
    obligations = list(
        ObligationType.objects.filter(office__in=offices, is_active=True).order_by(
            "office_id", "order", "name"
        )
    )
    owed = {}
    for obligation in obligations:
        calendar = calendars[obligation.office_id]
        starts = periods.periods_between(obligation, dt.date(start.year - 1, 1, 1), last)
        count = sum(1 for s in starts if start <= periods.due_date(obligation, s, calendar) <= last)
        owed[obligation.pk] = count * villages.get(obligation.office_id, 0)
    counted = {
        row["obligation_id"]: row
        for row in Submission.objects.filter(
            office__in=offices, due_date__gte=start, due_date__lte=last, obligation__is_active=True
        )
        .values("obligation_id")
        .annotate(
            sent_on_time=Count("pk", filter=Q(status__in=SENT_STATES, on_time=True)),
            sent_late=Count("pk", filter=Q(status__in=SENT_STATES, on_time=False)),
            sent_back=Count("pk", filter=Q(status=Status.RETURNED)),
        )
    }
    rows, per_office = [], {}
    for obligation in obligations:
        row = counted.get(obligation.pk, {})
        figures = _compliance_figures(
            owed[obligation.pk],
            row.get("sent_on_time", 0),
            row.get("sent_late", 0),
            row.get("sent_back", 0),
        )
        rows.append({"obligation": obligation, **figures})
        office_total = per_office.setdefault(
            obligation.office_id, {"owed": 0, "on_time": 0, "late": 0, "returned": 0}
        )
        for key in office_total:
            office_total[key] += figures[key]
    per_office = {
        pk: _compliance_figures(t["owed"], t["on_time"], t["late"], t["returned"])
        for pk, t in per_office.items()
    }
    total = {key: sum(r[key] for r in rows) for key in ("owed", "on_time", "late", "returned")}
    return {
        "rows": rows,
        "per_office": per_office,
        "total": _compliance_figures(
            total["owed"], total["on_time"], total["late"], total["returned"]
        ),
    }


def _compliance_figures(owed: int, on_time: int, late: int, returned: int) -> dict:
    missing = max(owed - on_time - late - returned, 0)
    return {
        "owed": owed,
        "on_time": on_time,
        "late": late,
        "returned": returned,
        "missing": missing,
        "on_time_rate": rate(on_time, owed),
        "sent_rate": rate(on_time + late, owed),
    }


# --- stunting ------------------------------------------------------------------------------------

STUNTING_FIGURES = {
    "measured": defaults.MEASURED,
    "stunted": defaults.STUNTED,
    "wasted": defaults.WASTED,
    "underweight": defaults.UNDERWEIGHT,
    "pregnant_kek": defaults.PREGNANT_KEK,
}


def _stunting_values(offices) -> QuerySet[FigureValue]:
    """Figures of stunting reports the office has received (submitted or accepted)."""
    return FigureValue.objects.filter(
        submission__office__in=offices,
        submission__obligation__code=defaults.STUNTING,
        submission__status__in=SENT_STATES,
    )


def _sums(**extra):
    sums = {key: Sum("value", filter=Q(spec__code=code)) for key, code in STUNTING_FIGURES.items()}
    return {**sums, **extra}


def _with_prevalence(row: dict) -> dict:
    measured = row.get("measured") or 0
    stunted = row.get("stunted") or 0
    row["prevalence"] = rate(int(stunted), int(measured))
    for key in STUNTING_FIGURES:
        row[key] = int(row[key]) if row.get(key) is not None else None
    return row


def stunting_month(*, offices, month: dt.date) -> dict:
    """One month's stunting figures: per village with its prevalence (stunting ÷ measured),
    the villages ranked from the highest prevalence, those whose figures are missing, and the
    aggregate of all villages. Two queries."""
    offices = list(offices)
    villages = list(
        Village.objects.filter(office__in=offices).select_related("office").order_by("name")
    )
    by_village = {
        row["village_id"]: _with_prevalence(row)
        for row in _stunting_values(offices)
        .filter(submission__period_start=month)
        .values(village_id=F("submission__village_id"))
        .annotate(**_sums())
    }
    rows, missing = [], []
    for village in villages:
        row = by_village.get(village.pk)
        if row is None:
            missing.append(village)
        else:
            rows.append({"village": village, **row})
    ranked = sorted(
        rows, key=lambda r: (r["prevalence"] is None, -(r["prevalence"] or 0), str(r["village"]))
    )
    total = {key: sum(r[key] or 0 for r in rows) for key in STUNTING_FIGURES}
    return {
        "month": month,
        "label": periods.period_label("bulanan", month),
        "rows": ranked,
        "missing": missing,
        "total": _with_prevalence(total),
        "reported": len(rows),
        "villages": len(villages),
    }


def stunting_trend(*, offices, last_month: dt.date, months: int = 12) -> list[dict]:
    """The aggregate of all villages for each of the `months` months up to `last_month`
    (months without any figure included, empty). One query."""
    first = periods.add_months(last_month, -(months - 1))
    found = {
        row["month"]: _with_prevalence(row)
        for row in _stunting_values(list(offices))
        .filter(submission__period_start__gte=first, submission__period_start__lte=last_month)
        .values(month=F("submission__period_start"))
        .annotate(**_sums(villages=Count("submission__village_id", distinct=True)))
    }
    trend = []
    for n in range(months):
        month = periods.add_months(first, n)
        row = found.get(month) or _with_prevalence(
            dict.fromkeys(STUNTING_FIGURES) | {"villages": 0}
        )
        trend.append({"month": month, "label": periods.period_label("bulanan", month), **row})
    return trend


def stunting_by_office(*, offices, month: dt.date) -> dict[int, dict]:
    """Each office's aggregate for one month (the regency's side-by-side table). One query."""
    return {
        row["office_id"]: _with_prevalence(row)
        for row in _stunting_values(list(offices))
        .filter(submission__period_start=month)
        .values(office_id=F("submission__office_id"))
        .annotate(**_sums(villages=Count("submission__village_id", distinct=True)))
    }


def stunting_offices_for(membership) -> list[Office]:
    return list(scope.offices_for(membership).select_related("region"))
