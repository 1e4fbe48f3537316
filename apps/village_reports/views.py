"""Pages of village reports: what a village owes and its report form, the report page with
its review, the compliance matrix and the stunting figures, and their Excel exports.

Views validate a form, call one service, and turn a refusal into a form error or a message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts import policy as scope
from apps.core import clock
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error
from apps.core.spreadsheets import Column, Sheet, xlsx_response
from apps.offices.audit import audit_trail_for
from apps.offices.calendar import WorkCalendar

from . import charts, periods, policy, selectors, services
from .forms import ReportForm, ReviewForm
from .models import Submission, SubmissionFile
from .workflow import STEPS, Status


def _membership_or_404(request):
    if request.membership is None:
        raise Http404
    return request.membership


def _staff_or_404(request):
    membership = _membership_or_404(request)
    if not policy.sees_compliance(membership):
        raise Http404
    return membership


@login_required
def reports_home(request):
    """A village: what it owes and what it sent. The office: what waits for review."""
    membership = _membership_or_404(request)
    today = clock.today()
    if policy.can_submit_reports(membership):
        items = selectors.due_list_for(membership=membership, today=today)
        return render(
            request,
            "village_reports/home_village.html",
            {
                "to_do": [i for i in items if i.open and i.state != selectors.Cell.NOT_DUE]
                + [i for i in items if i.open and i.state == selectors.Cell.NOT_DUE][:6],
                "sent": [i for i in items if not i.open][:24],
            },
        )
    obligations = (
        policy.obligations_for(membership)
        .filter(is_active=True)
        .select_related("section", "office")
        .order_by("office__name", "order")
    )
    return render(
        request,
        "village_reports/home_office.html",
        {
            "to_review": list(selectors.to_review_for(membership=membership)[:50]),
            "recent": list(selectors.submission_list_for(membership=membership)[:20]),
            "obligations": obligations,
            "many_offices": len({o.office_id for o in obligations}) > 1,
            "year": today.year,
        },
    )


def _period_or_404(obligation, value: str) -> dt.date:
    try:
        start = dt.date.fromisoformat(value)
    except ValueError as error:
        raise Http404 from error
    if not periods.is_period_start(obligation.period, start):
        raise Http404
    return start


@login_required
def report_fill(request, obligation: int, period: str):
    """The village's form for one obligation and period: save a draft or submit."""
    membership = _membership_or_404(request)
    if not policy.can_submit_reports(membership):
        raise Http404
    obligation = policy.obligation_get_for(membership, pk=obligation)
    start = _period_or_404(obligation, period)
    submission = (
        Submission.objects.filter(
            obligation=obligation, village_id=membership.village_id, period_start=start
        )
        .prefetch_related("values", "files")
        .first()
    )
    if submission is not None and not policy.report_can(membership, "submit", submission):
        return redirect("village_reports:detail", pk=submission.pk)
    form = ReportForm(
        request.POST or None, request.FILES or None, obligation=obligation, submission=submission
    )
    info = periods.period_info(obligation, start, _calendar(obligation))
    if request.method == "POST":
        step = request.POST.get("step", "submit")
        if step not in ("save", "submit"):
            raise Http404
        if form.is_valid():
            service = services.report_submit if step == "submit" else services.report_save_draft
            try:
                saved = service(
                    acting=membership,
                    obligation=obligation,
                    period_start=start,
                    **form.service_values(),
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                if step == "submit":
                    messages.success(request, _("Your report has been sent to the section."))
                    return redirect("village_reports:detail", pk=saved.pk)
                messages.success(request, _("The draft has been saved."))
                return redirect("village_reports:fill", obligation=obligation.pk, period=period)
    return render(
        request,
        "village_reports/report_form.html",
        {
            "form": form,
            "obligation": obligation,
            "period": info,
            "submission": submission,
            "today": clock.today(),
        },
    )


def _calendar(obligation):
    return WorkCalendar(obligation.office)


TIMELINE = {
    "village_reports.submission.saved": gettext_lazy("saved a draft"),
    "village_reports.submission.submitted": gettext_lazy("submitted the report"),
    "village_reports.submission.resubmitted": gettext_lazy(
        "corrected and submitted the report again"
    ),
    "village_reports.submission.accepted": gettext_lazy("accepted the report"),
    "village_reports.submission.returned": gettext_lazy("returned the report for correction"),
}


@login_required
def report_detail(request, pk: int, review_form=None, status=200):
    membership = _membership_or_404(request)
    submission = policy.submission_get_for(membership, pk=pk)
    steps = policy.report_steps_for(membership, submission)
    info = periods.period_info(
        submission.obligation, submission.period_start, _calendar(submission.obligation)
    )
    entries = [
        e for e in audit_trail_for(submission)
        if e.action != "village_reports.submission.saved" or policy.can_submit_reports(membership)
    ]  # fmt: skip
    return render(
        request,
        "village_reports/report_detail.html",
        {
            "submission": submission,
            "period": info,
            "figures": selectors.submission_figures(submission),
            "files": submission.files.all(),
            "timeline": [(e, TIMELINE.get(e.action, e.action)) for e in entries],
            "can_edit": bool(steps & {"save", "submit"}),
            "review_steps": [STEPS[name] for name in ("accept", "return") if name in steps],
            "review_form": review_form or ReviewForm(),
            "waiting_for": submission.state.waiting_for,
            "returned": submission.status == Status.RETURNED,
        },
        status=status,
    )


@login_required
@require_POST
def report_review(request, pk: int, step: str):
    membership = _membership_or_404(request)
    submission = policy.submission_get_for(membership, pk=pk)
    if step not in ("accept", "return"):
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return report_detail(request, pk, review_form=form, status=400)
    try:
        services.report_review(
            step=step, acting=membership, submission=submission, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return report_detail(
            request,
            pk,
            review_form=form,
            status={"conflict": 409, "forbidden": 403}.get(error.code, 400),
        )
    messages.success(
        request,
        _("Saved: the report is now “%(status)s”.") % {"status": submission.get_status_display()},
    )
    return redirect("village_reports:detail", pk=pk)


@login_required
def report_file(request, pk: int, token: str):
    submission = policy.submission_get_for(_membership_or_404(request), pk=pk)
    item = get_object_or_404(SubmissionFile, submission=submission, token=token)
    return private_file_response(
        item.file, download_name=item.original_name, content_type=item.content_type
    )


# --- the compliance matrix -----------------------------------------------------------------------


def _matrix_request(request):
    membership = _staff_or_404(request)
    today = clock.today()
    obligations = list(
        policy.obligations_for(membership)
        .filter(is_active=True)
        .select_related("office", "section")
        .order_by("office__name", "order")
    )
    if not obligations:
        raise Http404
    chosen = request.GET.get("obligation", "")
    obligation = next((o for o in obligations if str(o.pk) == chosen), obligations[0])
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= today.year + 1 else today.year
    matrix = selectors.compliance_matrix(
        membership=membership, obligation=obligation, year=year, today=today
    )
    return membership, obligations, matrix


@login_required
def matrix(request):
    _membership, obligations, found = _matrix_request(request)
    context = {
        "obligations": obligations,
        "matrix": found,
        "years": list(range(clock.today().year, found.obligation.starts_on.year - 1, -1)),
        "legend": [
            (selectors.CELL_MARKS[c], selectors.CELL_LABELS[c], c.value) for c in selectors.Cell
        ],
    }
    template = "village_reports/matrix.html"
    if request.htmx and request.htmx.target == "matrix-results":
        template += "#results"
    return render(request, template, context)


@login_required
def matrix_export(request):
    _membership, _obligations, found = _matrix_request(request)
    columns = [Column(_("Village"), width=28)]
    columns += [Column(p.label, width=12) for p in found.periods]
    columns += [
        Column(_("On time"), "int", 10),
        Column(_("Late"), "int", 10),
        Column(_("Returned"), "int", 10),
        Column(_("Missing"), "int", 10),
    ]
    rows = (
        [str(row.village), *[str(cell.label) for cell in row.cells],
         row.counts["on_time"], row.counts["late"], row.counts["returned"], row.counts["missing"]]
        for row in found.rows
    )  # fmt: skip
    heading = _("%(obligation)s, %(year)s, %(office)s: on time %(rate)s%%") % {
        "obligation": found.obligation.name,
        "year": found.year,
        "office": found.obligation.office.name,
        "rate": found.on_time_rate if found.on_time_rate is not None else "–",
    }
    return xlsx_response(
        f"kepatuhan-{found.obligation.code}-{found.year}.xlsx",
        [Sheet(_("Compliance"), columns, rows, heading=heading)],
    )


# --- stunting ------------------------------------------------------------------------------------


def _stunting_request(request):
    membership = _staff_or_404(request)
    offices = selectors.stunting_offices_for(membership)
    chosen = request.GET.get("office", "")
    if chosen:
        offices = [o for o in offices if o.slug == chosen] or offices
    today = clock.today()
    default = periods.add_months(periods.period_start_of("bulanan", today), -1)
    value = request.GET.get("month", "")
    try:
        month = dt.date.fromisoformat(f"{value}-01") if value else default
    except ValueError:
        month = default
    month = min(month, periods.period_start_of("bulanan", today))
    area = offices[0].name if len(offices) == 1 else membership.scope_name
    return membership, offices, month, area


@login_required
def stunting(request):
    membership, offices, month, area = _stunting_request(request)
    found = selectors.stunting_month(offices=offices, month=month)
    trend = selectors.stunting_trend(offices=offices, last_month=month)
    return render(
        request,
        "village_reports/stunting.html",
        {
            "month": found,
            "trend": trend,
            "area": area,
            "offices": selectors.stunting_offices_for(membership)
            if scope.is_inspector(membership)
            else [],
            "chosen_office": request.GET.get("office", ""),
            "trend_chart": charts.stunting_trend_chart(trend, area=area),
            "ranking_chart": charts.stunting_ranking_chart(found, area=area),
            "month_value": f"{month:%Y-%m}",
            "previous": f"{periods.add_months(month, -1):%Y-%m}",
            "next": f"{periods.add_months(month, 1):%Y-%m}"
            if month < periods.period_start_of("bulanan", clock.today())
            else "",
        },
    )


@login_required
def stunting_export(request):
    _membership, offices, month, area = _stunting_request(request)
    found = selectors.stunting_month(offices=offices, month=month)
    trend = selectors.stunting_trend(offices=offices, last_month=month)
    figure_columns = [
        Column(_("Toddlers measured"), "int"),
        Column(_("Stunted"), "int"),
        Column(_("Wasted"), "int"),
        Column(_("Underweight"), "int"),
        Column(_("Pregnant women with KEK"), "int"),
        Column(_("Prevalence (%)"), "percent"),
    ]

    def figures(row):
        return [row["measured"], row["stunted"], row["wasted"], row["underweight"],
                row["pregnant_kek"], row["prevalence"]]  # fmt: skip

    villages = [[str(r["village"]), *figures(r)] for r in found["rows"]]
    villages.append([area, *figures(found["total"])])
    villages += [[str(v), None, None, None, None, None, None] for v in found["missing"]]
    return xlsx_response(
        f"stunting-{month:%Y-%m}.xlsx",
        [
            Sheet(
                _("Villages"),
                [Column(_("Village"), width=28), *figure_columns],
                villages,
                heading=f"{area} · {found['label']}",
            ),
            Sheet(
                _("Trend"),
                [Column(_("Month"), "date"), *figure_columns],
                ([row["month"], *figures(row)] for row in trend),
                heading=area,
            ),
        ],
    )
