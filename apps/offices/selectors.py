"""Reads of office master data. Scoping by person lives in apps.accounts.policy."""

from django.db.models import Prefetch, QuerySet

from .models import Village


def villages_with_officials(*, villages: QuerySet[Village]) -> QuerySet[Village]:
    from apps.accounts.models import Membership

    return villages.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active().select_related("user").order_by("position"),
            to_attr="officials",
        )
    )
