"""Pages of monitoring and evaluation: the dashboard of a period, the regency's offices side by
side, the activity reports (PDF) and the Excel exports of every table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core import clock
from apps.core.counted import counted
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.spreadsheets import Column, Sheet, xlsx_response
from apps.offices.audit import offices_state

from . import policy, selectors, services
from .monev_format import figure_rows
from .periods import KINDS, period_from
from .sections import Scope

DIRECTIONS = {"asc": False, "desc": True}


def _scope(request) -> tuple[Scope, list, str]:
    """The offices and period a request asks for, within what the person may see."""
    membership = request.membership
    offices = policy.monitoring_offices_for(membership)
    if not offices:
        raise Http404
    chosen = request.GET.get("office", "") or request.POST.get("office", "")
    params = request.POST if request.method == "POST" else request.GET
    found = selectors.scope_for(
        membership,
        period=period_from(params, clock.today()),
        now=clock.now(),
        office=chosen,
        offices=offices,
    )
    if found is None:
        raise Http404
    return found, offices, chosen


def _context(request, scope, offices, chosen):
    return {
        "scope": scope,
        "period": scope.period,
        "kinds": [(key, label) for key, (_size, label) in KINDS.items()],
        "offices": offices,
        "chosen_office": chosen,
        "query": scope.period.query + (f"&office={chosen}" if chosen else ""),
    }


@login_required
def dashboard(request):
    scope, offices, chosen = _scope(request)
    context = _context(request, scope, offices, chosen)
    membership = request.membership
    key = (
        "monev",
        membership.role,
        offices_state(scope.offices),
        scope.period.query,
        get_language(),
    )
    drawn, counted_at = counted(
        key,
        lambda: render_to_string(
            "monitoring/_sections.html", {"sections": selectors.dashboard(scope)}, request
        ),
    )
    context.update(
        {
            "sections_drawn": drawn,
            "counted_at": counted_at,
            "compares": policy.compares_offices(request.membership),
            "can_request": len(scope.offices) == 1
            and policy.can_request_report(request.membership, scope.offices[0]),
        }
    )
    return render(request, "monitoring/dashboard.html", context)


@login_required
def dashboard_export(request):
    """Every figure and table of the dashboard, one sheet each."""
    scope, _offices, _chosen = _scope(request)
    sections = selectors.dashboard(scope)
    heading = f"{scope.area} · {scope.period.label}"
    sheets = [
        Sheet(
            _("Summary"),
            [
                Column(_("Section"), width=24),
                Column(_("Figure"), width=44),
                Column(_("Value"), "decimal", 14),
                Column(_("Unit"), width=10),
            ],  # fmt: skip
            figure_rows(sections),
            heading=heading,
        )
    ]
    for section in sections:
        for table in section.tables:
            sheets.append(Sheet(table.title[:31], table.columns, table.rows, heading=heading))
    return xlsx_response(
        f"monev-{scope.period.start:%Y%m%d}-{scope.period.end:%Y%m%d}.xlsx", sheets
    )


def _comparison(request):
    if not policy.compares_offices(request.membership):
        raise Http404
    scope, offices, _chosen = _scope(request)
    scope = Scope(offices=offices, period=scope.period, now=scope.now, area=scope.area)
    found = selectors.offices_side_by_side(
        scope,
        sort=request.GET.get("sort", ""),
        descending=DIRECTIONS.get(request.GET.get("dir", ""), True),
    )
    return scope, offices, found


@login_required
def compare(request):
    scope, offices, found = _comparison(request)
    context = _context(request, scope, offices, "")
    context["comparison"] = found
    return render(request, "monitoring/compare.html", context)


@login_required
def compare_export(request):
    scope, _offices, found = _comparison(request)
    columns = [Column(str(label), kind, 28 if kind == "text" else 14)
               for _key, label, kind in found.columns]  # fmt: skip
    rows = (
        [row["office"].name, *[row[key] for key, _label, _kind in found.columns[1:]]]
        for row in found.rows
    )
    return xlsx_response(
        f"monev-kecamatan-{scope.period.start:%Y%m%d}-{scope.period.end:%Y%m%d}.xlsx",
        [Sheet(_("Sub-districts"), columns, rows, heading=f"{scope.area} · {scope.period.label}")],
    )


@login_required
def reports(request):
    """The activity reports built so far, and a form to build one for a period."""
    scope, offices, chosen = _scope(request)
    membership = request.membership
    office = scope.offices[0] if len(scope.offices) == 1 else None
    can_request = office is not None and policy.can_request_report(membership, office)
    error = ""
    if request.method == "POST":
        if not can_request:
            raise Http404
        try:
            services.activity_report_request(acting=membership, office=office, period=scope.period)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(
                request, _("The report is being built; it appears below when it is ready.")
            )
            return redirect("monitoring:reports")
    context = _context(request, scope, offices, chosen)
    context.update(
        {
            "reports": policy.activity_reports_for(membership)[:30],
            "can_request": can_request,
            "error": error,
        }
    )
    return render(request, "monitoring/reports.html", context, status=400 if error else 200)


@login_required
def report_status(request, pk: int):
    """One report's row, polled by the page while it is being built."""
    report = policy.activity_report_get_for(request.membership, pk=pk)
    return render(request, "monitoring/_report.html#report", {"report": report})


@login_required
def report_file(request, pk: int):
    report = policy.activity_report_get_for(request.membership, pk=pk)
    if not report.is_ready:
        raise Http404
    return private_file_response(
        report.file,
        download_name=f"laporan-kegiatan-{report.office.slug}-{report.period_start:%Y%m%d}-"
        f"{report.period_end:%Y%m%d}.pdf",
    )
