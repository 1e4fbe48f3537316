"""Follow-up actions (tindak lanjut): added to a case being handled, completed by their owner."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.offices.audit import audit_record

from .. import policy
from ..models import AttachmentPurpose, Case, FollowUp, FollowUpStatus
from ._common import begin, check_length, lock, msg, store_attachments, tell
from .handling import FollowUpInput, create_follow_up


@transaction.atomic
def follow_up_add(*, acting: Membership, case: Case, item: FollowUpInput) -> FollowUp:
    begin(acting, "add_follow_up", case)
    return create_follow_up(case, item, actor=acting.user)


@transaction.atomic
def follow_up_complete(
    *, acting: Membership, follow_up: FollowUp, note: str, evidence: list | None = None
) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_for_update().select_related("case__office").get(pk=follow_up.pk)
    )
    case = lock(follow_up.case)
    if not policy.follow_up_can_complete(acting, follow_up):
        raise NotAllowed(_("Your role may not complete this action."))
    if follow_up.status == FollowUpStatus.DONE:
        raise InvalidState(_("This action is already done."))
    if not note.strip():
        raise DomainError(_("Say what was done."), field="note")
    check_length(note, "note")
    actor = acting.user
    follow_up.status = FollowUpStatus.DONE
    follow_up.completion_note = note.strip()
    follow_up.completed_at = clock.now()
    follow_up.completed_by = actor
    follow_up.save()
    store_attachments(
        case, evidence, actor, purpose=AttachmentPurpose.EVIDENCE, follow_up=follow_up
    )
    entry = audit_record(
        actor=actor,
        office=case.office,
        action="cases.follow_up.completed",
        target=follow_up,
        old={"status": FollowUpStatus.OPEN},
        new={
            "status": FollowUpStatus.DONE,
            "case": case.pk,
            "action": follow_up.action,
            "note": follow_up.completion_note,
        },
    )
    tell(
        case,
        [*scope.village_officials(case.village_id), *scope.section_officers(case.section_id)],
        entry,
        msg(gettext_lazy("action done: %(action)s"), action=follow_up.action),
        follow_up.completion_note,
        actor=actor,
    )
    return follow_up
