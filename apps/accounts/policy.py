"""The scope primitives: which offices, villages and sections a membership reaches, and the
role checks every domain's policy is built on. Also who may manage an office's people.

A person acts through one active membership (a role in one office, or a regency for an
inspector). A village official sees only their own village's private data; another
village's object is a 404, never a 403 that would confirm it exists. Each domain app has its
own `policy.py` that combines these primitives with its workflow table (`cases/policy.py`);
this module names no domain.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from apps.offices.models import Category, Office, Section, Village

from .models import Membership, Role, User


def offices_for(membership: Membership | None) -> QuerySet[Office]:
    """The offices whose staff pages this person may read."""
    if membership is None:
        return Office.objects.none()
    if membership.role == Role.INSPECTOR:
        # An inspector watches a regency (its kecamatan are the regions below it) or a whole
        # province (the kecamatan two levels below).
        area = membership.regency_id
        return Office.objects.filter(
            Q(region__parent=area) | Q(region__parent__parent=area), is_active=True
        )
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
    if found is None or not can_manage_membership(membership, found):
        raise Http404
    return found


def can_manage_membership(manager: Membership | None, target: Membership) -> bool:
    """Never one's own role (that is the profile page); the camat's only for a camat."""
    if not can_manage_office(manager) or target.office_id != manager.office_id:
        return False
    if target.user_id == manager.user_id:
        return False
    # The camat and the secretaries are managed by the camat: secretaries cannot take
    # over one another (or the camat) through the user pages.
    return not (target.role in (Role.HEAD, Role.SECRETARY) and manager.role != Role.HEAD)


def can_grant_role(manager: Membership | None, role: str) -> bool:
    """Only a camat makes someone camat; the secretary grants the other office roles."""
    if not can_manage_office(manager) or role == Role.INSPECTOR:
        return False
    return role not in (Role.HEAD, Role.SECRETARY) or manager.role == Role.HEAD


def grantable_roles(manager: Membership | None) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in Role if can_grant_role(manager, r.value)]


def can_edit_person(manager: Membership | None, user) -> bool:
    """Name, e-mail and phone belong to the person. An office admin may correct them only
    for people who work in no other office and hold no platform rights: otherwise changing
    the e-mail would let one office take over an account another office relies on."""
    if not can_manage_office(manager) or user.is_staff or user.is_superuser:
        return False
    return not user.memberships.exclude(office_id=manager.office_id).exists()


# One answer for "no such account" and "an account you may not attach": the form must not
# tell an office which usernames exist in other offices.
NOT_ATTACHABLE = gettext_lazy("No account with this username can be added to this office.")


def can_attach_person(manager: Membership | None, user: User) -> bool:
    """Whether an office admin may give a role in their office to an existing account: only
    to a person who holds no active role anywhere else (someone who moved here, whose role in
    the old office has ended) and no platform rights. An account still serving another
    office or regency is that person's and that office's: attaching it without them would
    put them to work here unasked. The platform itself (`acting=None`) is not limited."""
    if not can_manage_office(manager) or not user.is_active or user.is_staff or user.is_superuser:
        return False
    return not user.memberships.filter(is_active=True).exclude(office_id=manager.office_id).exists()


# --- Role checks relative to an object's office, section or village -------------------------


def leads_office(membership: Membership | None, office_id) -> bool:
    """The camat or a secretary of this office."""
    return (
        membership is not None
        and membership.role in (Role.HEAD, Role.SECRETARY)
        and membership.office_id == office_id
    )


def works_in_office(membership: Membership | None, office_id) -> bool:
    """Any of the office's staff: the camat, a secretary or a section officer."""
    return (
        membership is not None
        and membership.role in STAFF_ROLES
        and membership.office_id == office_id
    )


def serves_section(membership: Membership | None, section_id) -> bool:
    """An officer of this section."""
    return (
        membership is not None
        and section_id is not None
        and membership.role == Role.OFFICER
        and membership.section_id == section_id
    )


def represents_village(membership: Membership | None, village_id) -> bool:
    """An official of this village."""
    return (
        membership is not None
        and membership.role == Role.VILLAGE
        and membership.village_id == village_id
    )


def is_village_official(membership: Membership | None) -> bool:
    """A village official's pages show only their village: no village or section filters."""
    return membership is not None and membership.role == Role.VILLAGE


def is_section_officer(membership: Membership | None) -> bool:
    """A section officer has a section inbox."""
    return membership is not None and membership.role == Role.OFFICER


def is_head(membership: Membership | None) -> bool:
    """The camat of an office."""
    return membership is not None and membership.role == Role.HEAD


def is_inspector(membership: Membership | None) -> bool:
    """A regency inspector reads every office of the regency."""
    return membership is not None and membership.role == Role.INSPECTOR


def is_staff_or_inspector(membership: Membership | None) -> bool:
    """Anyone but a village official: sees internal notes and the API documentation."""
    return membership is not None and membership.role != Role.VILLAGE


STAFF_ROLES = (Role.HEAD, Role.SECRETARY, Role.OFFICER)


# --- People to tell, for the services of every domain ------------------------------------------


def office_leaders(office_id) -> list:
    """The active camat and secretaries of an office."""
    return _users(office_id=office_id, role__in=[Role.HEAD, Role.SECRETARY])


def office_heads(office_id) -> list:
    return _users(office_id=office_id, role=Role.HEAD)


def section_officers(section_id) -> list:
    """The active officers of a section."""
    return [] if section_id is None else _users(section_id=section_id, role=Role.OFFICER)


def village_officials(village_id) -> list:
    return _users(village_id=village_id, role=Role.VILLAGE)


def _users(**filters) -> list:
    return [m.user for m in Membership.objects.active().filter(**filters).select_related("user")]


def section_officer_users(section_id) -> QuerySet:
    """The active officers of a section, as a queryset (for choice fields)."""
    if section_id is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__section_id=section_id,
        memberships__role=Role.OFFICER,
        memberships__is_active=True,
        is_active=True,
    ).distinct()


def office_officer_users(office) -> QuerySet:
    """The active section officers of an office, each with `section_short_name`."""
    return (
        User.objects.filter(
            memberships__office=office,
            memberships__role=Role.OFFICER,
            memberships__is_active=True,
            is_active=True,
        )
        # One officer role per office: the join adds no duplicates, and names the section.
        .annotate(section_short_name=F("memberships__section__short_name"))
        .order_by("memberships__section__order", "full_name")
    )


def officer_of_section(user, section_id) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, section_id=section_id, role=Role.OFFICER)
        .exists()
    )
