"""/api/v1/stats: the monitoring dashboard's figures for a period, scoped by its policy.

It builds the very sections the dashboard page, its Excel export and the activity report
draw (apps/monitoring/sections.py), so every number is computed once, the same way, and the
API gives what the camat sees: cases, reports, stunting, meetings, follow-ups, alerts and
readiness, and the per-village tables."""

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import clock
from apps.core.errors import NotAllowed
from apps.monitoring import policy as monitoring_policy
from apps.monitoring import selectors as monitoring
from apps.monitoring.periods import KINDS, Period, make_period
from apps.monitoring.sections import stunting_month_of

from .exceptions import Unprocessable
from .permissions import api_membership
from .stats_serializers import FIGURES, StatsQuerySerializer, StatsSerializer

MAX_CUSTOM_DAYS = 366 * 5


def period_of(data: dict, today: dt.date) -> Period:
    """The period the query names, or 422 with the parameter at fault."""
    kind = data.get("period") or ("custom" if {"start", "end"} & set(data) else "year")
    if kind != "custom":
        if {"start", "end"} & set(data):
            raise Unprocessable({"period": [_("start and end go with period=custom.")]})
        year = data.get("year", today.year)
        if year > today.year + 1:
            raise Unprocessable({"year": [_("Choose a year up to next year.")]})
        size = KINDS[kind][0]
        count = 12 // size
        number = data.get("number")
        if number is None:
            number = (today.month - 1) // size + 1 if year == today.year else 1
        if number > count:
            raise Unprocessable(
                {"number": [_("A year has %(n)s of these periods.") % {"n": count}]}
            )
        return make_period(kind, year, number)
    start = data.get("start", dt.date(today.year, 1, 1))
    end = data.get("end", today)
    if end < start:
        raise Unprocessable({"end": [_("The end comes before the start.")]})
    if (end - start).days > MAX_CUSTOM_DAYS:
        raise Unprocessable({"end": [_("Choose a period of at most five years.")]})
    return make_period("custom", start.year, start=start, end=end)


def stats_of(scope, sections) -> dict:
    """The sections as the API's plain shape: figures under their keys, tables as rows."""
    body = {
        "area": scope.area,
        "period": {
            "kind": scope.period.kind,
            "label": scope.period.label,
            "start": scope.period.start,
            "end": scope.period.end,
        },
        "offices": [{"id": o.pk, "name": o.name, "slug": o.slug} for o in scope.offices],
        "tables": [],
    }
    for section in sections:
        if section.key not in FIGURES:
            continue
        body[section.key] = {figure.key: figure.value for figure in section.figures}
        for table in section.tables:
            body["tables"].append(
                {
                    "section": section.key,
                    "key": table.key,
                    "title": str(table.title),
                    "columns": [
                        {"label": str(column.label), "kind": column.kind}
                        for column in table.columns
                    ],
                    "rows": table.rows,
                }
            )
    body["stunting"]["month"] = stunting_month_of(scope)
    return body


class Stats(APIView):
    """The monitoring dashboard's figures for a period: of the caller's office (the regency's
    inspector: of every office of the regency, or of the one named by `office`). The period
    is named as on the dashboard (`period=quarter&year=2026&number=3`) or by two dates
    (`start`, `end`); default: this year. Village officials get 403: the figures compare
    villages."""

    @extend_schema(
        parameters=[StatsQuerySerializer],
        responses={
            200: StatsSerializer,
            403: OpenApiResponse(
                description=_(
                    "The figures compare villages: they are for the office's staff and the "
                    "regency's inspectors (or `X-Ruko-Membership` names no role of yours)."
                )
            ),
            422: OpenApiResponse(
                description=_(
                    "The period cannot be shown (a year after next, a number past the "
                    "year's periods, an end before the start, more than five years), or "
                    "`office` names no office you may see: see `errors`."
                )
            ),
        },
    )
    def get(self, request):
        membership = api_membership(request)
        if not monitoring_policy.sees_monitoring(membership):
            raise NotAllowed(_("The figures compare villages: they are for the office's staff."))
        # A plain dict, not the QueryDict: `?year=` is a 400, as the document says.
        query = StatsQuerySerializer(data=dict(request.query_params.items()))
        query.is_valid(raise_exception=True)
        data = query.validated_data
        period = period_of(data, clock.today())
        scope = monitoring.scope_for(
            membership, period=period, now=clock.now(), office=data.get("office", "")
        )
        if scope is None:
            raise Unprocessable({"office": [_("No office of yours has this name.")]})
        body = stats_of(scope, monitoring.dashboard(scope))
        return Response(StatsSerializer(body).data)
