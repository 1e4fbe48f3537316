"""Follow-up actions (tindak lanjut) of a case: added while the case is handled (on their own
or with the answer). They live in the follow-ups app, which completes them, reminds their
owners and escalates them; a case names itself as their source."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import Membership
from apps.follow_ups import services as follow_ups
from apps.follow_ups.models import FollowUp
from apps.follow_ups.services import FollowUpInput, Source

from ..models import Case
from ..sources import SOURCE_TYPE
from ._common import begin

# Completing an item is the follow-ups app's service, whatever its source.
follow_up_complete = follow_ups.follow_up_complete


def case_source(case: Case) -> Source:
    return Source(type=SOURCE_TYPE, id=case.pk, office=case.office, village=case.village)


def create_follow_up(case: Case, item: FollowUpInput, *, acting: Membership) -> FollowUp:
    """One follow-up of a case whose step the caller has checked (the case is locked)."""
    return follow_ups.follow_up_record(acting=acting, source=case_source(case), item=item)


@transaction.atomic
def follow_up_add(*, acting: Membership, case: Case, item: FollowUpInput) -> FollowUp:
    begin(acting, "add_follow_up", case)
    return create_follow_up(case, item, acting=acting)
