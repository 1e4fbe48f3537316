"""/api/v1/stats: the dashboard's figures for a period, scoped by policy. It reads the same
domain selectors as the monitoring dashboard, so both give the same numbers."""

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policy as scope
from apps.cases import selectors as case_selectors
from apps.core import clock
from apps.core.errors import NotAllowed
from apps.village_reports import periods as report_periods
from apps.village_reports import selectors as report_selectors

from .permissions import api_membership
from .report_views import parse_date

_number = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)

STATS = inline_serializer(
    "Stats",
    {
        "offices": serializers.ListField(child=serializers.DictField()),
        "start": serializers.DateField(),
        "end": serializers.DateField(),
        "cases": inline_serializer(
            "CaseStats",
            {
                "submitted": serializers.IntegerField(),
                "open": serializers.IntegerField(),
                "overdue": serializers.IntegerField(),
                "resolved": serializers.IntegerField(),
                "rejected": serializers.IntegerField(),
                "answered": serializers.IntegerField(),
                "answered_in_time": serializers.IntegerField(),
                "sla_rate": _number,
                "resolution_rate": _number,
                "rating_avg": _number,
                "rated": serializers.IntegerField(),
                "verify_hours": _number,
                "answer_hours": _number,
            },
        ),
        "reports": inline_serializer(
            "ReportStats",
            {
                "owed": serializers.IntegerField(),
                "on_time": serializers.IntegerField(),
                "late": serializers.IntegerField(),
                "returned": serializers.IntegerField(),
                "missing": serializers.IntegerField(),
                "on_time_rate": _number,
                "sent_rate": _number,
            },
        ),
        "stunting": inline_serializer(
            "StuntingStats",
            {
                "month": serializers.DateField(),
                "measured": serializers.IntegerField(allow_null=True),
                "stunted": serializers.IntegerField(allow_null=True),
                "prevalence": _number,
                "villages_reported": serializers.IntegerField(),
                "villages_missing": serializers.IntegerField(),
            },
        ),
    },
)


class Stats(APIView):
    """The monitoring figures of the caller's office (an inspector: of the regency's offices,
    or of one with `office`) for the days from `start` to `end` (default: this year so far):
    cases submitted in the period and their state now, reports due in the period, and the
    stunting figures of the period's last month whose figures are due."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", dt.date),
            OpenApiParameter("end", dt.date),
            OpenApiParameter("office", str, description="An office's slug (inspectors)"),
        ],
        responses={200: STATS},
    )
    def get(self, request):
        membership = api_membership(request)
        if not scope.is_staff_or_inspector(membership):
            raise NotAllowed(_("The figures compare villages: they are for the office's staff."))
        today = clock.today()
        start = parse_date(request.query_params.get("start", ""), "start") or dt.date(
            today.year, 1, 1
        )
        end = parse_date(request.query_params.get("end", ""), "end") or today
        offices = list(scope.offices_for(membership).select_related("region"))
        slug = request.query_params.get("office", "")
        if slug:
            offices = [o for o in offices if o.slug == slug]
        cases = case_selectors.cases_submitted_between(offices=offices, start=start, end=end)
        compliance = report_selectors.compliance_summary(
            offices=offices, start=start, end=end, today=today
        )["total"]
        last_ended = report_periods.add_months(report_periods.period_start_of("bulanan", today), -1)
        month = max(min(dt.date(end.year, end.month, 1), last_ended), start.replace(day=1))
        stunting = report_selectors.stunting_month(offices=offices, month=month)
        return Response(
            {
                "offices": [{"id": o.pk, "name": o.name, "slug": o.slug} for o in offices],
                "start": start,
                "end": end,
                "cases": case_selectors.case_stats(cases=cases, now=clock.now()),
                "reports": compliance,
                "stunting": {
                    "month": month,
                    "measured": stunting["total"]["measured"],
                    "stunted": stunting["total"]["stunted"],
                    "prevalence": stunting["total"]["prevalence"],
                    "villages_reported": stunting["reported"],
                    "villages_missing": len(stunting["missing"]),
                },
            }
        )
