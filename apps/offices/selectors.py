"""Reads of office master data (no person: scoping by person lives in apps.accounts.policy)."""

from django.conf import settings

from .models import Office


def public_office(request=None) -> Office | None:
    """The office the public pages present: the one of RUKO_PUBLIC_OFFICE (a Kemendagri code),
    else the first active office set up. Kept on `request` so the page and its header ask the
    database once."""
    if request is not None and hasattr(request, "_public_office"):
        return request._public_office
    offices = Office.objects.filter(is_active=True).select_related("region__parent")
    office = None
    if settings.RUKO_PUBLIC_OFFICE:
        office = offices.filter(region__code=settings.RUKO_PUBLIC_OFFICE).first()
    if office is None:
        office = offices.order_by("pk").first()
    if request is not None:
        request._public_office = office
    return office
