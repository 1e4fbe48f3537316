"""The compliance matrix, the compliance summary and the stunting figures, computed against
hand-built reports (each figure asserted), and the queries they cost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import clock
from apps.village_reports import selectors, services
from apps.village_reports.selectors import Cell
from tests_support.factories import add_villages

from .conftest import at, stunting_figures

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
TODAY = dt.date(2026, 3, 20)  # February was due on 10 March; March is not due yet


@pytest.fixture
def reports(stunting, send, member):
    """January: Inan on time, Bungin late, Halubau returned; February: Inan on time
    (waiting for review), Bungin late; March: Inan early. Everyone else sent nothing."""
    first = send("desa-inan", stunting, JAN, when=at(2026, 2, 9), figures=stunting_figures(100, 20))
    send("desa-bungin", stunting, JAN, when=at(2026, 2, 20), figures=stunting_figures(50, 15))
    halubau = send("desa-halubau", stunting, JAN, when=at(2026, 2, 5))
    with clock.frozen(at(2026, 2, 6)):
        services.report_return(acting=member("kesos"), submission=halubau, note="Cek ulang.")
        services.report_accept(acting=member("kesos"), submission=first)
    send("desa-inan", stunting, FEB, when=at(2026, 3, 9), figures=stunting_figures(110, 11))
    send("desa-bungin", stunting, FEB, when=at(2026, 3, 12), figures=stunting_figures(60, 12))
    send("desa-inan", stunting, MAR, when=at(2026, 3, 19), figures=stunting_figures(90, 9))


@pytest.mark.django_db
def test_the_matrix_cells_counts_and_rates(reports, stunting, member):
    matrix = selectors.compliance_matrix(
        membership=member("camat"), obligation=stunting, year=2026, today=TODAY
    )
    assert [p.label for p in matrix.periods][:3] == ["Jan 2026", "Feb 2026", "Mar 2026"]
    assert [p.due for p in matrix.periods][:2] == [dt.date(2026, 2, 10), dt.date(2026, 3, 10)]
    assert len(matrix.periods) == 12 and len(matrix.rows) == 16
    rows = {row.village.slug: row for row in matrix.rows}
    inan, bungin, halubau = rows["inan"], rows["bungin"], rows["halubau"]
    assert [c.state for c in inan.cells[:4]] == [Cell.ON_TIME] * 3 + [Cell.NOT_DUE]
    assert not inan.cells[0].pending and inan.cells[1].pending  # February awaits review
    assert [c.state for c in bungin.cells[:3]] == [Cell.LATE, Cell.LATE, Cell.NOT_DUE]
    assert [c.state for c in halubau.cells[:3]] == [Cell.RETURNED, Cell.MISSING, Cell.NOT_DUE]
    assert [c.state for c in rows["tarangan"].cells[:3]] == [Cell.MISSING] * 2 + [Cell.NOT_DUE]
    assert inan.counts == {"on_time": 3, "late": 0, "returned": 0, "missing": 0, "not_due": 9}
    assert bungin.counts == {"on_time": 0, "late": 2, "returned": 0, "missing": 0, "not_due": 10}
    # Owed so far: January and February of 16 villages (32) and Inan's early March report.
    assert matrix.totals == {"on_time": 3, "late": 2, "returned": 1, "missing": 27,
                             "not_due": 159}  # fmt: skip
    assert matrix.due_cells == 33
    assert matrix.on_time_rate == Decimal("9.1")  # 3 of 33
    assert matrix.sent_rate == Decimal("15.2")  # 5 of 33


@pytest.mark.django_db
def test_the_compliance_summary_of_a_period(reports, stunting, office):
    summary = selectors.compliance_summary(
        offices=[office], start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), today=TODAY
    )
    row = next(r for r in summary["rows"] if r["obligation"] == stunting)
    # Deadlines between 1 January and 19 March: December's (10 January, a Saturday, so
    # Monday 12 January), January's and February's, 16 villages each.
    expected = {"owed": 48, "on_time": 2, "late": 2, "returned": 1, "missing": 43}
    assert {key: row[key] for key in expected} == expected
    assert (row["on_time_rate"], row["sent_rate"]) == (Decimal("4.2"), Decimal("8.3"))
    owed = {r["obligation"].code: r["owed"] for r in summary["rows"]}
    assert owed == {
        "stunting-bulanan": 48,
        "kegiatan-bpd-triwulan": 16,  # the fourth quarter of 2025, due 12 January
        "apbdes-ditetapkan": 16,  # 30 days into 2026: 31 January, a Saturday → 2 February
        "realisasi-apbdes-akhir-tahun": 16,  # 2025's, due 31 January → 2 February
        "realisasi-apbdes-semester-1": 0,  # due at the end of July
        "lppd-akhir-tahun": 0,  # due 31 March: not passed yet
    }
    assert summary["total"]["owed"] == 96 and summary["total"]["missing"] == 91
    assert summary["per_office"][office.pk]["on_time"] == 2


@pytest.mark.django_db
def test_stunting_prevalence_aggregate_ranking_missing_and_trend(reports, office):
    january = selectors.stunting_month(offices=[office], month=JAN)
    # Halubau's January figures were returned: they do not count.
    assert [(str(r["village"]), r["prevalence"]) for r in january["rows"]] == [
        ("Desa Bungin", Decimal("30.0")),
        ("Desa Inan", Decimal("20.0")),
    ]
    assert january["total"]["measured"] == 150 and january["total"]["stunted"] == 35
    assert january["total"]["prevalence"] == Decimal("23.3")
    assert january["reported"] == 2 and len(january["missing"]) == 14
    assert "Desa Halubau" in [str(v) for v in january["missing"]]
    trend = selectors.stunting_trend(offices=[office], last_month=MAR)
    assert len(trend) == 12 and trend[-1]["label"] == "Mar 2026"
    assert [t["prevalence"] for t in trend[-3:]] == [
        Decimal("23.3"),
        Decimal("13.5"),
        Decimal("10.0"),
    ]  # fmt: skip  (23/170 = 13.5 in February, 9/90 in March)
    assert trend[0]["prevalence"] is None and trend[-2]["villages"] == 2


@pytest.mark.django_db
def test_matrix_and_figures_cost_the_same_queries_with_more_villages(reports, stunting, member,
                                                                    office):  # fmt: skip
    def cost():
        with CaptureQueriesContext(connection) as queries:
            selectors.compliance_matrix(
                membership=member("camat"), obligation=stunting, year=2026, today=TODAY
            )
            selectors.compliance_summary(
                offices=[office], start=JAN, end=dt.date(2026, 12, 31), today=TODAY
            )
            selectors.stunting_month(offices=[office], month=FEB)
            selectors.stunting_trend(offices=[office], last_month=MAR)
        return len(queries)

    before = cost()
    assert before <= 12
    add_villages(office, 5)
    assert cost() == before
