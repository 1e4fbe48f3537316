"""The dashboard's faster paths show exactly what the slower ones did: on PostgreSQL the case
figures and both medians come from one grouped query per table (the middle durations by an
ordered-set aggregate) and must equal the window-function medians figure for figure; the
tables' rows, now written by a tag, must be the markup the template loop wrote."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cases import selectors as case_selectors
from apps.cases.models import Case
from apps.cases.tests.test_scale import grow, more_offices
from apps.core import clock
from apps.monitoring import selectors
from apps.monitoring.periods import make_period
from apps.monitoring.sections import Scope

DIMENSIONS = ("village", "category", "section", "office")


def spread_durations(cases):
    """Verification and answer times that make every grouping interesting: odd and even
    counts, ties, microseconds, and cases never verified or answered (left out of a
    median)."""
    changed = []
    for n, case in enumerate(cases.order_by("pk")):
        if n % 7 != 3:
            hours = (n * 37) % 53 if n % 5 else 12  # every fifth ties at 12 h
            case.verified_at = case.submitted_at + dt.timedelta(
                hours=hours, seconds=n % 60, microseconds=(n * 7919) % 1_000_000
            )
        if n % 3 != 1:
            case.answered_at = case.submitted_at + dt.timedelta(
                hours=24 + (n * 29) % 211, minutes=n % 60, microseconds=n
            )
        case.rating = (n % 5) + 1 if n % 4 == 0 else None
        changed.append(case)
    Case.objects.bulk_update(changed, ["verified_at", "answered_at", "rating"])


def all_figures(cases, now, monkeypatch, *, one_pass):
    monkeypatch.setattr(case_selectors, "_in_one_pass", lambda: one_pass)
    found = {"all": case_selectors.case_stats(cases=cases, now=now)}
    for by in DIMENSIONS:
        found[by] = case_selectors.case_stats_by(cases=cases, by=by, now=now)
    return found


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one pass is PostgreSQL's")
def test_one_pass_figures_equal_the_window_medians(office, monkeypatch):
    offices = [office, *more_offices(2)]
    grow(office, 61)  # an odd number in all, uneven groups
    spread_durations(Case.objects.all())
    now = clock.now()
    start, end = (now - dt.timedelta(days=120)).date(), now.date()
    for chosen in ([office], offices):
        cases = case_selectors.cases_submitted_between(offices=chosen, start=start, end=end)
        assert cases.filter(verified_at__isnull=False).count() > 40
        windows = all_figures(cases, now, monkeypatch, one_pass=False)
        one_pass = all_figures(cases, now, monkeypatch, one_pass=True)
        assert one_pass == windows
        # Real medians, not a vacuous match of empty figures.
        assert windows["all"]["verify_hours"] is not None
        assert any(row["answer_hours"] is not None for row in windows["village"])


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one pass is PostgreSQL's")
def test_the_cases_section_takes_one_query_per_table(office):
    grow(office, 30)
    spread_durations(Case.objects.all())
    scope = Scope(
        offices=[office],
        period=make_period("year", clock.today().year),
        now=clock.now(),
        area=office.name,
    )
    with CaptureQueriesContext(connection) as queries:
        section = selectors.dashboard(scope, only=("cases",))[0]
    case_queries = [q["sql"] for q in queries.captured_queries if '"cases_case"' in q["sql"]]
    # The figures, then villages, categories and sections: counts and medians together.
    assert len(case_queries) == 4, case_queries
    assert all("PERCENTILE_DISC" in sql for sql in case_queries)
    assert section.figures[0].value == Case.objects.filter(office=office).count()
