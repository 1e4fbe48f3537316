"""Reads of office master data. Scoping by person lives in apps.accounts.policy."""

from django.db.models import Prefetch, QuerySet

from .models import Office, Village


def office_villages(*, office: Office) -> QuerySet[Village]:
    return office.villages.select_related("region").order_by("kind", "name")


def office_sections(*, office: Office, active_only: bool = True):
    qs = office.sections.all()
    return qs.filter(is_active=True) if active_only else qs


def office_categories(*, office: Office, active_only: bool = True):
    qs = office.categories.select_related("default_section")
    return qs.filter(is_active=True) if active_only else qs


def office_agencies(*, office: Office, active_only: bool = True):
    qs = office.agencies.all()
    return qs.filter(is_active=True) if active_only else qs


def villages_with_officials(*, villages: QuerySet[Village]) -> QuerySet[Village]:
    from apps.accounts.models import Membership

    return villages.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active().select_related("user").order_by("position"),
            to_attr="officials",
        )
    )
