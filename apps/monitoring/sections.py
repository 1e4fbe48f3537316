"""The monitoring dashboard as a list of sections, one per domain.

Each section reads its domain through the domain's selectors (which count in the database)
and returns the same plain shape: figures (each with a link to the list behind it), tables,
charts. The dashboard page, the activity report PDF and the Excel export all draw these
sections, so a figure is computed once and shown the same everywhere. A section may also say
how it compares offices side by side (the regency's table): one row of values per office, from
a grouped query.

A next domain (meetings, follow-ups, alerts) adds its section here: a builder
`(scope) -> Section` and, for the regency's table, `(scope) -> (columns, {office_id: row})`,
then one line in `SECTIONS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.alerts import selectors as alert_selectors
from apps.cases import selectors as case_selectors
from apps.core.charts import bar_chart
from apps.core.spreadsheets import Column
from apps.follow_ups import selectors as follow_up_selectors
from apps.meetings import selectors as meeting_selectors
from apps.village_reports import charts as report_charts
from apps.village_reports import periods as report_periods
from apps.village_reports import selectors as report_selectors

from .periods import Period
from .templatetags.monev import as_kind


@dataclass
class Scope:
    """What a dashboard is about: these offices, this period, as of `now`."""

    offices: list
    period: Period
    now: dt.datetime
    area: str  # the office's name, or the regency's

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @property
    def many(self) -> bool:
        return len(self.offices) > 1


@dataclass
class Figure:
    key: str
    label: str
    value: object
    kind: str = "int"  # int, percent, decimal, hours
    link: str = ""
    note: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list]
    links: list[str] = field(default_factory=list)  # one per row (its first cell), or none
    empty: str = ""

    @property
    def cells(self):
        """Per row: its link and its (value, kind) cells, for the templates."""
        for index, row in enumerate(self.rows):
            link = self.links[index] if self.links else ""
            yield (
                link,
                [(value, column.kind) for value, column in zip(row, self.columns, strict=False)],
            )


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]
    tables: list[Table] = field(default_factory=list)
    charts: list = field(default_factory=list)
    note: str = ""


def _url(name: str, query: dict | str = "") -> str:
    url = reverse(name)
    if isinstance(query, dict):
        query = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


# --- cases ---------------------------------------------------------------------------------------

CASE_COLUMNS = [
    ("submitted", gettext_lazy("Submitted"), "int"),
    ("open", gettext_lazy("Open"), "int"),
    ("overdue", gettext_lazy("Overdue"), "int"),
    ("resolved", gettext_lazy("Resolved"), "int"),
    ("sla_rate", gettext_lazy("Answered in time (%)"), "percent"),
    ("resolution_rate", gettext_lazy("Resolved (%)"), "percent"),
    ("rating_avg", gettext_lazy("Average rating"), "decimal"),
    ("answer_hours", gettext_lazy("Median hours to answer"), "hours"),
]


def cases_section(scope: Scope) -> Section:
    cases = case_selectors.cases_submitted_between(
        offices=scope.offices, start=scope.period.start, end=scope.period.end
    )
    stats = case_selectors.case_stats(cases=cases, now=scope.now)
    when = scope.period.case_filter
    figures = [
        Figure("submitted", _("Cases submitted"), stats["submitted"],
               link=_url("cases:list", when)),
        Figure("open", _("Still open"), stats["open"],
               link=_url("cases:list", f"{when}&stage=open")),
        Figure("overdue", _("Overdue"), stats["overdue"],
               link=_url("cases:list", f"{when}&overdue=on")),
        Figure("verify_hours", _("Median hours to verify"), stats["verify_hours"], "hours",
               link=_url("cases:list", when)),
        Figure("answer_hours", _("Median hours to answer"), stats["answer_hours"], "hours",
               link=_url("cases:list", when)),
        Figure("sla_rate", _("Answered within the service level"), stats["sla_rate"], "percent",
               link=_url("cases:list", when),
               note=_("%(n)s of %(m)s answers") % {"n": stats["answered_in_time"],
                                                   "m": stats["answered"]}),
        Figure("resolution_rate", _("Resolution rate"), stats["resolution_rate"], "percent",
               link=_url("cases:list", f"{when}&status=selesai"),
               note=_("%(n)s resolved") % {"n": stats["resolved"]}),
        Figure("rating_avg", _("Average rating (1–5)"), stats["rating_avg"], "decimal",
               link=_url("cases:list", f"{when}&status=selesai"),
               note=_("%(n)s ratings") % {"n": stats["rated"]}),
    ]  # fmt: skip
    tables, charts = [], []
    for by, title, filter_name in (
        ("village", _("Cases per village"), "village"),
        ("category", _("Cases per category"), "category"),
        ("section", _("Cases per section"), "section"),
    ):
        rows = case_selectors.case_stats_by(cases=cases, by=by, now=scope.now)
        tables.append(
            Table(
                key=f"cases_{by}",
                title=title,
                columns=[Column(title.split()[-1].capitalize(), width=30)]
                + [Column(str(label), kind, 12) for _k, label, kind in CASE_COLUMNS],
                rows=[[row["name"], *[row[key] for key, _l, _k in CASE_COLUMNS]] for row in rows],
                links=[
                    _url("cases:list", f"{when}&{filter_name}={row['id']}") if row["id"] else ""
                    for row in rows
                ],
                empty=_("No case in this period."),
            )
        )
        if by == "category" and rows:
            charts.append(
                bar_chart(
                    _("Cases per category, %(period)s") % {"period": scope.period.label},
                    [(row["name"], row["submitted"]) for row in rows],
                    value_label=_("cases"),
                    summary=_("%(count)s cases; most in “%(top)s” (%(n)s).")
                    % {
                        "count": stats["submitted"],
                        "top": rows[0]["name"],
                        "n": rows[0]["submitted"],
                    },  # fmt: skip
                    label_width=150,
                )
            )
    return Section("cases", _("Coordination cases"), figures, tables, charts)


def cases_compare(scope: Scope):
    cases = case_selectors.cases_submitted_between(
        offices=scope.offices, start=scope.period.start, end=scope.period.end
    )
    rows = case_selectors.case_stats_by(cases=cases, by="office", now=scope.now)
    columns = [(f"cases_{key}", label, kind) for key, label, kind in CASE_COLUMNS]
    return columns, {
        row["id"]: {f"cases_{key}": row[key] for key, _l, _k in CASE_COLUMNS} for row in rows
    }


# --- village reports -----------------------------------------------------------------------------


def reports_section(scope: Scope) -> Section:
    summary = report_selectors.compliance_summary(
        offices=scope.offices, start=scope.period.start, end=scope.period.end, today=scope.today
    )
    total = summary["total"]
    matrix = _url("village_reports:matrix", {"year": scope.period.end.year})
    figures = [
        Figure("owed", _("Reports due in the period"), total["owed"], link=matrix),
        Figure("on_time", _("Sent on time"), total["on_time"], link=matrix),
        Figure("late", _("Sent late"), total["late"], link=matrix),
        Figure("missing", _("Missing"), total["missing"], link=matrix),
        Figure("on_time_rate", _("Reporting compliance (on time)"), total["on_time_rate"],
               "percent", link=matrix),
        Figure("sent_rate", _("Sent at all"), total["sent_rate"], "percent", link=matrix),
    ]  # fmt: skip
    rows = [r for r in summary["rows"] if r["owed"]]
    columns = [Column(_("Obligation"), width=44)]
    if scope.many:
        columns.append(Column(_("Sub-district"), width=24))
    columns += [
        Column(_("Due"), "int", 9),
        Column(_("On time"), "int", 9),
        Column(_("Late"), "int", 9),
        Column(_("Returned"), "int", 9),
        Column(_("Missing"), "int", 9),
        Column(_("On time (%)"), "percent", 10),
        Column(_("Sent (%)"), "percent", 10),
    ]
    table_rows = []
    for r in rows:
        values = [r["obligation"].name]
        if scope.many:
            values.append(next(o.name for o in scope.offices if o.pk == r["obligation"].office_id))
        values += [r["owed"], r["on_time"], r["late"], r["returned"], r["missing"],
                   r["on_time_rate"], r["sent_rate"]]  # fmt: skip
        table_rows.append(values)
    table = Table(
        "reports",
        _("Reporting compliance per obligation"),
        columns,
        table_rows,
        links=[
            _url(
                "village_reports:matrix",
                {"obligation": r["obligation"].pk, "year": scope.period.end.year},
            )
            for r in rows
        ],
        empty=_("No report was due in this period."),
    )
    charts = []
    if rows:
        charts.append(
            bar_chart(
                _("Reports sent on time (%%), %(period)s") % {"period": scope.period.label},
                [(r["obligation"].name, r["on_time_rate"]) for r in rows],
                unit="%",
                value_label=_("on time (%)"),
                summary=_("%(rate)s%% of %(owed)s reports due were sent on time.")
                % {"rate": total["on_time_rate"], "owed": total["owed"]},
                label_width=160,
            )
        )
    return Section("reports", _("Village reports"), figures, [table], charts)


def reports_compare(scope: Scope):
    per_office = report_selectors.compliance_summary(
        offices=scope.offices, start=scope.period.start, end=scope.period.end, today=scope.today
    )["per_office"]
    columns = [
        ("reports_on_time_rate", gettext_lazy("Reports on time (%)"), "percent"),
        ("reports_missing", gettext_lazy("Reports missing"), "int"),
    ]
    return columns, {
        pk: {"reports_on_time_rate": row["on_time_rate"], "reports_missing": row["missing"]}
        for pk, row in per_office.items()
    }


# --- stunting ------------------------------------------------------------------------------------


def stunting_month_of(scope: Scope) -> dt.date:
    """The month the stunting figures are shown for: the last month of the period that has
    ended (its figures are due), else the period's first month."""
    last_ended = report_periods.add_months(
        report_periods.period_start_of("bulanan", scope.today), -1
    )
    return max(min(scope.period.last_month, last_ended), scope.period.start.replace(day=1))


def stunting_section(scope: Scope) -> Section:
    month = stunting_month_of(scope)
    found = report_selectors.stunting_month(offices=scope.offices, month=month)
    trend = report_selectors.stunting_trend(offices=scope.offices, last_month=month)
    total = found["total"]
    link = _url("village_reports:stunting", {"month": f"{month:%Y-%m}"})
    figures = [
        Figure("prevalence", _("Stunting prevalence, %(month)s") % {"month": found["label"]},
               total["prevalence"], "percent", link=link),
        Figure("measured", _("Toddlers measured"), total["measured"], link=link),
        Figure("stunted", _("Toddlers stunted"), total["stunted"], link=link),
        Figure("reported", _("Villages that sent figures"), found["reported"], link=link,
               note=_("of %(n)s") % {"n": found["villages"]}),
        Figure("missing", _("Villages without figures"), len(found["missing"]), link=link),
    ]  # fmt: skip
    ranking = Table(
        "stunting",
        _("Villages ranked by stunting prevalence, %(month)s") % {"month": found["label"]},
        [
            Column(_("Village"), width=28),
            Column(_("Toddlers measured"), "int"),
            Column(_("Stunted"), "int"),
            Column(_("Wasted"), "int"),
            Column(_("Underweight"), "int"),
            Column(_("Pregnant women with KEK"), "int"),
            Column(_("Prevalence (%)"), "percent"),
        ],
        [
            [
                str(r["village"]),
                r["measured"],
                r["stunted"],
                r["wasted"],
                r["underweight"],
                r["pregnant_kek"],
                r["prevalence"],
            ]
            for r in found["rows"]
        ],  # fmt: skip
        empty=_("No village has sent figures for this month."),
    )
    missing = Table(
        "stunting_missing",
        _("Villages without stunting figures, %(month)s") % {"month": found["label"]},
        [Column(_("Village"), width=28)],
        [[str(v)] for v in found["missing"]],
        empty=_("Every village has sent its figures."),
    )
    charts = [
        report_charts.stunting_trend_chart(trend, area=scope.area),
        report_charts.stunting_ranking_chart(found, area=scope.area),
    ]
    return Section("stunting", _("Stunting"), figures, [ranking, missing], charts)


def stunting_compare(scope: Scope):
    month = stunting_month_of(scope)
    by_office = report_selectors.stunting_by_office(offices=scope.offices, month=month)
    columns = [("stunting_prevalence", gettext_lazy("Stunting prevalence (%)"), "percent")]
    return columns, {
        pk: {"stunting_prevalence": row["prevalence"]} for pk, row in by_office.items()
    }


# --- meetings ------------------------------------------------------------------------------------


def _stats(selector, scope: Scope, *, by_office: bool = False):
    return selector(
        offices=scope.offices,
        start=scope.period.start,
        end=scope.period.end,
        now=scope.now,
        by_office=by_office,
    )


def meetings_section(scope: Scope) -> Section:
    stats = _stats(meeting_selectors.meeting_stats, scope)
    when = {
        "starts_from": scope.period.start.isoformat(),
        "starts_to": scope.period.end.isoformat(),
    }
    held = _url("meetings:meetings", when | {"state": "held"})
    figures = [
        Figure("held", _("Meetings held"), stats["held"], link=held),
        Figure("planned", _("Meetings still planned"), stats["planned"],
               link=_url("meetings:meetings", when | {"state": "planned"})),
        Figure("cancelled", _("Meetings cancelled"), stats["cancelled"],
               link=_url("meetings:meetings", when | {"state": "cancelled"})),
        Figure("villages_invited", _("Villages invited to meetings held"),
               stats["villages_invited"], link=held),
        Figure("villages_attended", _("Invited villages that attended"),
               stats["villages_attended"], link=held),
        Figure("attendance_rate", _("Attendance rate of villages"), stats["attendance_rate"],
               "percent", link=held,
               note=_("%(n)s of %(m)s") % {"n": stats["villages_attended"],
                                           "m": stats["villages_invited"]}),
    ]  # fmt: skip
    rows = meeting_selectors.meeting_attendance_by_village(
        offices=scope.offices, start=scope.period.start, end=scope.period.end
    )
    table = Table(
        "meetings_village",
        _("Meeting attendance per village"),
        [
            Column(_("Village"), width=28),
            Column(_("Meetings invited to"), "int"),
            Column(_("Meetings attended"), "int"),
            Column(_("Attendance (%)"), "percent"),
        ],
        [[r["village"], r["invited"], r["attended"], r["attendance_rate"]] for r in rows],
        links=[
            _url("meetings:meetings", when | {"state": "held", "village": r["village_id"]})
            for r in rows
        ],
        empty=_("No meeting with villages was held in this period."),
    )
    charts = []
    if rows:
        charts.append(
            bar_chart(
                _("Meeting attendance per village (%%), %(period)s")
                % {"period": scope.period.label},
                [(r["village"], r["attendance_rate"]) for r in rows],
                unit="%",
                value_label=_("attendance (%)"),
                summary=_("%(n)s of %(m)s invitations of villages to meetings held were "
                          "attended; lowest: %(low)s (%(rate)s).")
                % {"n": stats["villages_attended"], "m": stats["villages_invited"],
                   "low": rows[0]["village"],
                   "rate": as_kind(rows[0]["attendance_rate"], "percent")},
                label_width=150,
            )
        )  # fmt: skip
    return Section("meetings", _("Meetings"), figures, [table], charts)


MEETING_COLUMNS = [
    ("held", gettext_lazy("Meetings held"), "int"),
    ("attendance_rate", gettext_lazy("Village attendance (%)"), "percent"),
]


def _compare(selector, scope: Scope, prefix: str, columns):
    rows = _stats(selector, scope, by_office=True)
    return [(f"{prefix}_{key}", label, kind) for key, label, kind in columns], {
        pk: {f"{prefix}_{key}": row[key] for key, _l, _k in columns} for pk, row in rows.items()
    }


def meetings_compare(scope: Scope):
    return _compare(meeting_selectors.meeting_stats, scope, "meetings", MEETING_COLUMNS)


# --- follow-ups ----------------------------------------------------------------------------------


def follow_ups_section(scope: Scope) -> Section:
    stats = _stats(follow_up_selectors.follow_up_stats, scope)
    when = {"due_from": scope.period.start.isoformat(), "due_to": scope.period.end.isoformat()}
    figures = [
        Figure("due", _("Follow-ups due in the period"), stats["due"],
               link=_url("follow_ups:board", when)),
        Figure("done", _("Follow-ups done"), stats["done"],
               link=_url("follow_ups:board", when | {"status": "selesai"})),
        Figure("done_on_time", _("Follow-ups done on time"), stats["done_on_time"],
               link=_url("follow_ups:board", when | {"status": "selesai"})),
        Figure("on_time_rate", _("Follow-ups done on time (%)"), stats["on_time_rate"],
               "percent", link=_url("follow_ups:board", when),
               note=_("%(n)s of %(m)s") % {"n": stats["done_on_time"], "m": stats["due"]}),
        Figure("open", _("Follow-ups still open"), stats["open"],
               link=_url("follow_ups:board", when | {"status": "terbuka"})),
        Figure("overdue", _("Follow-ups overdue"), stats["overdue"],
               link=_url("follow_ups:board", when | {"overdue": "on"})),
    ]  # fmt: skip
    rows = follow_up_selectors.follow_up_stats_by_village(
        offices=scope.offices, start=scope.period.start, end=scope.period.end, now=scope.now
    )
    keys = ("due", "done", "done_on_time", "on_time_rate", "open", "overdue")
    table = Table(
        "follow_ups_village",
        _("Follow-ups per village"),
        [
            Column(_("Village"), width=28),
            Column(_("Due"), "int"),
            Column(_("Done"), "int"),
            Column(_("Done on time"), "int"),
            Column(_("On time (%)"), "percent"),
            Column(_("Open"), "int"),
            Column(_("Overdue"), "int"),
        ],
        [[r["village"] or _("No village (meeting decisions)"), *[r[k] for k in keys]]
         for r in rows],
        links=[
            # the board has no filter for "no village": that row links nowhere
            _url("follow_ups:board", when | {"village": r["village_id"]}) if r["village_id"]
            else ""
            for r in rows
        ],
        empty=_("No follow-up was due in this period."),
    )  # fmt: skip
    charts = []
    with_village = [r for r in rows if r["village_id"]]
    if with_village:
        ranked = sorted(with_village, key=lambda r: (r["on_time_rate"], r["village"]))
        charts.append(
            bar_chart(
                _("Follow-ups done on time per village (%%), %(period)s")
                % {"period": scope.period.label},
                [(r["village"], r["on_time_rate"]) for r in ranked],
                unit="%",
                value_label=_("on time (%)"),
                summary=_("%(n)s of %(m)s follow-ups due were done on time; %(o)s are overdue.")
                % {"n": stats["done_on_time"], "m": stats["due"], "o": stats["overdue"]},
                label_width=150,
            )
        )  # fmt: skip
    return Section("follow_ups", _("Follow-ups"), figures, [table], charts)


FOLLOW_UP_COLUMNS = [
    ("on_time_rate", gettext_lazy("Follow-ups on time (%)"), "percent"),
    ("overdue", gettext_lazy("Follow-ups overdue"), "int"),
]


def follow_ups_compare(scope: Scope):
    return _compare(follow_up_selectors.follow_up_stats, scope, "follow_ups", FOLLOW_UP_COLUMNS)


# --- alerts and readiness ------------------------------------------------------------------------


READINESS_LEVELS = {
    "ready": gettext_lazy("ready"),
    "partial": gettext_lazy("partly ready"),
    "none": gettext_lazy("not ready"),
}


def alerts_section(scope: Scope) -> Section:
    stats = _stats(alert_selectors.alert_stats, scope)
    ready = alert_selectors.readiness_stats(offices=scope.offices, today=scope.today)
    alerts = _url("alerts:list")
    readiness = _url("alerts:readiness")
    figures = [
        Figure("issued", _("Alerts issued"), stats["issued"], link=alerts),
        Figure("villages_targeted", _("Villages alerted"), stats["villages_targeted"],
               link=alerts, note=_("counted once per alert")),
        Figure("acknowledged", _("Villages that acknowledged"), stats["acknowledged"],
               link=alerts),
        Figure("ack_minutes", _("Median minutes to acknowledge"), stats["ack_minutes"],
               "decimal", link=alerts),
        Figure("not_acknowledged", _("Villages that never acknowledged"),
               stats["not_acknowledged"], link=_url("alerts:escalations")),
        Figure("ready", _("Villages ready"), ready["ready"], link=readiness,
               note=_("of %(n)s") % {"n": ready["villages"]}),
        Figure("partial", _("Villages partly ready"), ready["partial"], link=readiness),
        Figure("not_ready", _("Villages with no readiness recorded"), ready["none"],
               link=readiness),
    ]  # fmt: skip
    per_village = alert_selectors.alert_stats_by_village(
        offices=scope.offices, start=scope.period.start, end=scope.period.end
    )
    acknowledgements = Table(
        "alerts_village",
        _("Alert acknowledgement per village"),
        [
            Column(_("Village"), width=28),
            Column(_("Alerts received"), "int"),
            Column(_("Acknowledged"), "int"),
            Column(_("Never acknowledged"), "int"),
            Column(_("Median minutes to acknowledge"), "decimal"),
        ],
        [[r["village"], r["targeted"], r["acknowledged"], r["not_acknowledged"],
          r["ack_minutes"]] for r in per_village],
        links=[reverse("alerts:readiness_village", args=[r["village_id"]]) for r in per_village],
        empty=_("No alert was issued in this period."),
    )  # fmt: skip
    levels = alert_selectors.readiness_by_village(offices=scope.offices, today=scope.today)
    readiness_table = Table(
        "readiness_village",
        _("Readiness per village"),
        [
            Column(_("Village"), width=28),
            Column(_("Readiness"), width=14),
            Column(_("Emergency contacts"), "int"),
            Column(_("Evacuation points"), "int"),
            Column(_("Checklist items in place"), "int"),
        ],
        [[r["village"], str(READINESS_LEVELS[r["level"]]), r["contacts"], r["points"],
          r["in_place"]] for r in levels],
        links=[reverse("alerts:readiness_village", args=[r["village_id"]]) for r in levels],
        empty=_("No village."),
    )  # fmt: skip
    charts = []
    timed = [r for r in per_village if r["ack_minutes"] is not None]
    if timed:
        charts.append(
            bar_chart(
                _("Median minutes to acknowledge an alert per village, %(period)s")
                % {"period": scope.period.label},
                [(r["village"], r["ack_minutes"]) for r in timed],
                value_label=_("minutes to acknowledge"),
                summary=_("Median %(m)s minutes overall; alerts a village never "
                          "acknowledged: %(n)s.")
                % {"m": as_kind(stats["ack_minutes"], "decimal"),
                   "n": stats["not_acknowledged"]},
                label_width=150,
            )
        )  # fmt: skip
    if ready["villages"]:
        charts.append(
            bar_chart(
                _("Villages by readiness"),
                [(READINESS_LEVELS[key], ready[key]) for key in ("ready", "partial", "none")],
                value_label=_("number of villages"),
                summary=_("%(ready)s of %(n)s villages ready, %(partial)s partly, %(none)s "
                          "with nothing recorded.")
                % {"ready": ready["ready"], "n": ready["villages"], "partial": ready["partial"],
                   "none": ready["none"]},
                label_width=110,
            )
        )  # fmt: skip
    return Section(
        "alerts",
        _("Early warning and readiness"),
        figures,
        [acknowledgements, readiness_table],
        charts,
    )


ALERT_COLUMNS = [
    ("ack_minutes", gettext_lazy("Median minutes to acknowledge"), "decimal"),
    ("not_acknowledged", gettext_lazy("Villages never acknowledged"), "int"),
]
READINESS_COLUMNS = [
    ("ready", gettext_lazy("Villages ready"), "int"),
    ("none", gettext_lazy("Villages with no readiness"), "int"),
]


def alerts_compare(scope: Scope):
    columns, values = _compare(alert_selectors.alert_stats, scope, "alerts", ALERT_COLUMNS)
    ready = alert_selectors.readiness_stats(
        offices=scope.offices, today=scope.today, by_office=True
    )
    columns += [(f"readiness_{key}", label, kind) for key, label, kind in READINESS_COLUMNS]
    for pk, row in ready.items():
        values.setdefault(pk, {}).update(
            {f"readiness_{key}": row[key] for key, _l, _k in READINESS_COLUMNS}
        )
    return columns, values


@dataclass(frozen=True)
class SectionSpec:
    key: str
    build: Callable[[Scope], Section]
    compare: Callable[[Scope], tuple] | None = None


# The dashboard in order; a next domain adds its line here.
SECTIONS: list[SectionSpec] = [
    SectionSpec("cases", cases_section, cases_compare),
    SectionSpec("reports", reports_section, reports_compare),
    SectionSpec("stunting", stunting_section, stunting_compare),
    SectionSpec("meetings", meetings_section, meetings_compare),
    SectionSpec("follow_ups", follow_ups_section, follow_ups_compare),
    SectionSpec("alerts", alerts_section, alerts_compare),
]
