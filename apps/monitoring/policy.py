"""Who sees the monitoring dashboard and the activity reports, on the scope primitives.

The office's staff see their office; a regency inspector sees every office of the regency,
one by one or side by side. Villages see their own reports elsewhere: monitoring compares
villages, so it is not theirs (a 404).
"""

from __future__ import annotations

from django.http import Http404

from apps.accounts import policy as scope

from .models import ActivityReport


def sees_monitoring(membership) -> bool:
    return scope.is_staff_or_inspector(membership)


def monitoring_offices_for(membership) -> list:
    if not sees_monitoring(membership):
        return []
    return list(scope.offices_for(membership).select_related("region__parent"))


def compares_offices(membership) -> bool:
    """The side-by-side table of the regency's offices: the inspector's."""
    return scope.is_inspector(membership)


def can_request_report(membership, office) -> bool:
    """An activity report is the office's own document: its staff build it."""
    return scope.works_in_office(membership, office.pk)


def activity_reports_for(membership):
    return ActivityReport.objects.filter(office__in=scope.offices_for(membership)).select_related(
        "office", "requested_by"
    )


def activity_report_get_for(membership, *, pk) -> ActivityReport:
    if not sees_monitoring(membership):
        raise Http404
    found = activity_reports_for(membership).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
