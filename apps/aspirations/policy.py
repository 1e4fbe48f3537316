"""Who may see and handle aspirations, built on `accounts.policy` and the workflow table.

The inbox belongs to the office's staff: the camat and the secretaries see every aspiration
of their office, a section officer those whose category routes to their section. A village
official never sees the inbox (a citizen writes to the office, not to the village), nor does
a regency inspector: the senders were promised confidentiality. The public reads one
aspiration only through its tracking code (`selectors.aspiration_public_view`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.core.errors import InvalidState, NotAllowed

from .models import Aspiration
from .workflow import STEPS, Who

WHO = {
    Who.LEADER: lambda m, a: scope.leads_office(m, a.office_id),
    Who.SECTION: lambda m, a: (
        m.office_id == a.office_id and scope.serves_section(m, a.category.default_section_id)
    ),
}


def sees_inbox(membership) -> bool:
    """The inbox link and page: the office's staff only."""
    return membership is not None and scope.works_in_office(membership, membership.office_id)


def aspirations_for(membership) -> QuerySet[Aspiration]:
    if not sees_inbox(membership):
        return Aspiration.objects.none()
    qs = Aspiration.objects.filter(office_id=membership.office_id)
    if scope.leads_office(membership, membership.office_id):
        return qs
    return qs.filter(category__default_section_id=membership.section_id)


def aspiration_get_for(membership, *, pk) -> Aspiration:
    """404 when this person may not see it."""
    found = (
        aspirations_for(membership)
        .select_related("office", "village", "category", "case", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def aspiration_may(membership, step: str, aspiration: Aspiration) -> bool:
    return membership is not None and any(
        WHO[who](membership, aspiration) for who in STEPS[step].who
    )


def aspiration_can(membership, step: str, aspiration: Aspiration) -> bool:
    return aspiration.status in STEPS[step].sources and aspiration_may(membership, step, aspiration)


def aspiration_steps_for(membership, aspiration: Aspiration) -> set[str]:
    return {name for name in STEPS if aspiration_can(membership, name, aspiration)}


def aspiration_require(membership, step: str, aspiration: Aspiration) -> None:
    """Refuse a step: first by role (403), then by state (409). Call it on the locked row."""
    if not aspiration_may(membership, step, aspiration):
        raise NotAllowed(_("Your role may not take this step on this aspiration."))
    if aspiration.status not in STEPS[step].sources:
        raise InvalidState(
            _("This step is not possible while the aspiration is “%(status)s”.")
            % {"status": aspiration.get_status_display()}
        )


def aspiration_recipients(aspiration: Aspiration) -> list:
    """Whom a new aspiration is announced to: the leaders and the officers of its section."""
    people = scope.office_leaders(aspiration.office_id)
    people += scope.section_officers(aspiration.category.default_section_id)
    return list({p.pk: p for p in people}.values())
