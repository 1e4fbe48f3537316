"""Who may see a follow-up and who may complete it, on the scope primitives of
`accounts.policy` and what each source registered (`registry.SOURCES`).

See: the staff of the item's office and the regency's inspectors see every item of the
office; a village official sees the items their village owns and the items on their village's
own cases. Another village's item is a 404.

Complete: the office's leaders (camat, secretary), the owner (the owning section's officers,
the owning village's officials), and whoever the source names (a case's handlers, a
meeting's organising section).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.accounts import policy as scope

from .models import FollowUp, FollowUpOwner
from .registry import SOURCES


def follow_ups_for(membership) -> QuerySet[FollowUp]:
    if membership is None:
        return FollowUp.objects.none()
    if scope.is_village_official(membership):
        mine = membership.village_id
        return FollowUp.objects.filter(Q(owner_village_id=mine) | Q(village_id=mine))
    return FollowUp.objects.filter(office__in=scope.offices_for(membership))


def follow_up_get_for(membership, *, pk) -> FollowUp:
    found = (
        follow_ups_for(membership)
        .select_related("office", "owner_section", "owner_agency", "owner_village")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def owns(membership, follow_up: FollowUp) -> bool:
    """The owner of the action: an officer of the owning section, an official of the
    owning village. A regency agency has no account: the office records its work."""
    if follow_up.owner_kind == FollowUpOwner.SECTION:
        return scope.serves_section(membership, follow_up.owner_section_id)
    if follow_up.owner_kind == FollowUpOwner.VILLAGE:
        return scope.represents_village(membership, follow_up.owner_village_id)
    return False


def follow_up_may_complete(membership, follow_up: FollowUp, source=None) -> bool:
    """Whether this person's role lets them complete the item (whatever its status). Pass
    the source object when it is loaded already (`registry.load_sources`), to spare a query."""
    if membership is None:
        return False
    if scope.leads_office(membership, follow_up.office_id) or owns(membership, follow_up):
        return True
    kind = SOURCES.get(follow_up.source_type)
    if kind is None:
        return False
    if source is None:
        source = getattr(follow_up, "source", None) or kind.load([follow_up.source_id]).get(
            follow_up.source_id
        )
    return source is not None and kind.may_complete(membership, source, follow_up)


def follow_up_can_complete(membership, follow_up: FollowUp, source=None) -> bool:
    """Whether the page offers this person the completion form now."""
    return follow_up.is_open and follow_up_may_complete(membership, follow_up, source)
