"""Reads for the dashboard pages. Scoping by person lives in apps.accounts.policy."""

from django.db.models import Prefetch, QuerySet

from apps.accounts.models import Membership
from apps.offices.models import Village


def villages_with_officials(*, villages: QuerySet[Village]) -> QuerySet[Village]:
    return villages.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active().select_related("user").order_by("position"),
            to_attr="officials",
        )
    )
