"""Who may see and do what: the one place that decides.

Views, templates (through `request.membership`), the API and tests all ask these functions.
A person acts through one active membership (a role in one office, or a regency for an
inspector). A village official sees only their own village's private data; another
village's object is a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from apps.offices.models import Category, Office, Section, Village

from .models import Membership, Role


def offices_for(membership: Membership | None) -> QuerySet[Office]:
    """The offices whose staff pages this person may read."""
    if membership is None:
        return Office.objects.none()
    if membership.role == Role.INSPECTOR:
        return Office.objects.filter(region__parent=membership.regency_id, is_active=True)
    return Office.objects.filter(pk=membership.office_id)


def villages_for(membership: Membership | None) -> QuerySet[Village]:
    """The villages whose private data (officials, contacts, later cases) this person sees."""
    if membership is None:
        return Village.objects.none()
    if membership.role == Role.VILLAGE:
        return Village.objects.filter(pk=membership.village_id)
    return Village.objects.filter(office__in=offices_for(membership))


def sections_for(membership: Membership | None) -> QuerySet[Section]:
    if membership is None:
        return Section.objects.none()
    if membership.role == Role.INSPECTOR:
        return Section.objects.filter(office__in=offices_for(membership))
    return Section.objects.filter(office_id=membership.office_id)


def categories_for(membership: Membership | None) -> QuerySet[Category]:
    if membership is None:
        return Category.objects.none()
    if membership.role == Role.INSPECTOR:
        return Category.objects.filter(office__in=offices_for(membership))
    return Category.objects.filter(office_id=membership.office_id)


def can_view_office_staff_pages(membership: Membership | None, office: Office) -> bool:
    """The office page lists every village's officials: staff and inspectors only."""
    if membership is None or membership.role == Role.VILLAGE:
        return False
    return offices_for(membership).filter(pk=office.pk).exists()


def can_manage_office(membership: Membership | None, office: Office | None = None) -> bool:
    """Master data and users of the office: the camat and the secretary/admin."""
    if membership is None or membership.role not in (Role.HEAD, Role.SECRETARY):
        return False
    return office is None or membership.office_id == office.pk


def office_get_for(membership: Membership | None, *, slug: str) -> Office:
    office = offices_for(membership).filter(slug=slug).select_related("region__parent").first()
    if office is None or not can_view_office_staff_pages(membership, office):
        raise Http404
    return office


def village_get_for(membership: Membership | None, *, slug: str, office: Office) -> Village:
    village = (
        villages_for(membership)
        .filter(office=office, slug=slug)
        .select_related("office", "region")
        .first()
    )
    if village is None:
        raise Http404
    return village


def managed_office_or_404(membership: Membership | None) -> Office:
    if not can_manage_office(membership):
        raise Http404
    return membership.office


def membership_get_for(membership: Membership | None, *, pk: int) -> Membership:
    """A membership of the office this person manages (for the user pages)."""
    office = managed_office_or_404(membership)
    found = (
        Membership.objects.filter(office=office, pk=pk)
        .select_related("user", "section", "village")
        .first()
    )
    if found is None:
        raise Http404
    return found
