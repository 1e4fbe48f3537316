"""Who may see and do what: the one place that decides.

Views, templates (through `request.membership`), the API and tests all ask these functions.
A person acts through one active membership (a role in one office, or a regency for an
inspector). A village official sees only their own village's private data; another
village's object is a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.db.models import Case as DbCase
from django.db.models import QuerySet, Value, When
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


# --- Coordination cases --------------------------------------------------------------------
# Who may see a case: the village that raised it, the staff of its office, the regency's
# inspectors. Who may act: see CASE_ACTIONS. Services ask `case_can`; views and templates use
# `case_actions` to show only the buttons a person may press.


def cases_for(membership: Membership | None):
    from apps.cases.models import Case

    if membership is None:
        return Case.objects.none()
    if membership.role == Role.VILLAGE:
        return Case.objects.filter(village_id=membership.village_id)
    return Case.objects.filter(office__in=offices_for(membership))


def case_get_for(membership: Membership | None, *, key) -> Case:  # noqa: F821
    """By id or tracking number; 404 when this person may not see it."""
    qs = cases_for(membership).select_related(
        "office",
        "village__region",
        "category",
        "section",
        "assigned_to",
        "submitted_by",
        "referred_to",
        "shared_issue",
    )
    key = str(key)
    found = (
        qs.filter(pk=int(key)).first()
        if key.isdigit()
        # Numbers repeat across offices: the person's own office first, then the oldest.
        else qs.filter(tracking_number__iexact=key)
        .order_by(
            DbCase(
                When(office_id=getattr(membership, "office_id", None), then=Value(0)),
                default=Value(1),
            ),
            "pk",
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def _is_leader(membership, case) -> bool:
    return (
        membership is not None
        and membership.role in (Role.HEAD, Role.SECRETARY)
        and membership.office_id == case.office_id
    )


def _is_section_officer(membership, case) -> bool:
    return (
        membership is not None
        and membership.role == Role.OFFICER
        and membership.office_id == case.office_id
        and case.section_id is not None
        and membership.section_id == case.section_id
    )


def _is_village_of(membership, case) -> bool:
    return (
        membership is not None
        and membership.role == Role.VILLAGE
        and membership.village_id == case.village_id
    )


def _is_office_staff(membership, case) -> bool:
    return (
        membership is not None
        and membership.role in (Role.HEAD, Role.SECRETARY, Role.OFFICER)
        and membership.office_id == case.office_id
    )


# action → who may take it (the state rules live in the services).
CASE_ACTIONS = {
    "verify": _is_leader,
    "return": _is_leader,
    "reject": _is_leader,
    "dispose": _is_leader,
    "assign": lambda m, c: _is_leader(m, c) or _is_section_officer(m, c),
    "answer": lambda m, c: _is_leader(m, c) or _is_section_officer(m, c),
    "refer": lambda m, c: _is_leader(m, c) or _is_section_officer(m, c),
    "referral_outcome": lambda m, c: _is_leader(m, c) or _is_section_officer(m, c),
    "add_follow_up": lambda m, c: _is_leader(m, c) or _is_section_officer(m, c),
    "link_shared": lambda m, c: _is_leader(m, c) or _is_section_officer(m, c),
    "resubmit": _is_village_of,
    "confirm": _is_village_of,
    "reopen": _is_village_of,
    "comment": lambda m, c: _is_office_staff(m, c) or _is_village_of(m, c),
    "comment_internal": _is_office_staff,
    "see_internal": lambda m, c: m is not None and m.role != Role.VILLAGE,
}


def case_can(membership: Membership | None, action: str, case) -> bool:
    return CASE_ACTIONS[action](membership, case)


def follow_up_can_complete(membership: Membership | None, follow_up) -> bool:
    from apps.cases.models import FollowUpOwner

    case = follow_up.case
    if _is_leader(membership, case) or _is_section_officer(membership, case):
        return True
    if follow_up.owner_kind == FollowUpOwner.SECTION:
        return (
            membership is not None
            and membership.role == Role.OFFICER
            and membership.section_id == follow_up.owner_section_id
        )
    if follow_up.owner_kind == FollowUpOwner.VILLAGE:
        return _is_village_of(membership, case)
    return False


def case_officers(case):
    """The active officers of the case's section (for the assign form)."""
    from .models import User

    if case.section_id is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__section_id=case.section_id,
        memberships__role=Role.OFFICER,
        memberships__is_active=True,
        is_active=True,
    ).distinct()


def office_officers(office):
    """The active section officers of an office (the dispose form names one of them)."""
    from django.db.models import F

    from .models import User

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


def can_submit_case(membership: Membership | None) -> bool:
    """Cases come from villages: only a village official submits one."""
    return membership is not None and membership.role == Role.VILLAGE


def sees_one_village(membership: Membership | None) -> bool:
    """A village official's lists show only their village: no village or section filters."""
    return membership is not None and membership.role == Role.VILLAGE


def has_section_inbox(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.OFFICER


def shared_issue_cases_for(membership: Membership | None, issue):
    """The linked cases this person may see; staff only (villages see their own case)."""
    if membership is None or membership.role == Role.VILLAGE:
        from apps.cases.models import Case

        return Case.objects.none()
    return cases_for(membership).filter(shared_issue=issue)
