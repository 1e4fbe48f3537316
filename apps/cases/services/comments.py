"""Comments on a case: public ones for the village and the office, internal notes for staff."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.offices.audit import audit_record

from .. import policy
from ..models import Case, Comment
from ._common import begin, check_length, tell


@transaction.atomic
def comment_add(*, acting: Membership, case: Case, body: str, internal: bool = False) -> Comment:
    begin(acting, "comment", case)
    if internal and not policy.case_can(acting, "comment_internal", case):
        raise NotAllowed(_("Only office staff write internal notes."))
    if not body.strip():
        raise DomainError(_("Write a comment."), field="body")
    check_length(body, "comment", "body")
    actor = acting.user
    # The same words by the same person sent again (a double tap, a retry) are one comment.
    repeat = Comment.objects.filter(
        case=case,
        author=actor,
        internal=internal,
        body=body.strip(),
        created_at__gte=clock.repeat_since(),
    ).first()
    if repeat is not None:
        return repeat
    comment = Comment.objects.create(case=case, author=actor, body=body.strip(), internal=internal)
    # The audit entry of an internal note carries no text: the village reads the timeline.
    entry = audit_record(
        actor=actor,
        office=case.office,
        action="cases.comment.added",
        target=comment,
        new={"case": case.pk, "internal": internal},
    )
    if internal:
        recipients = [
            *scope.office_leaders(case.office_id),
            *scope.section_officers(case.section_id),
        ]
    else:
        recipients = [
            *scope.village_officials(case.village_id),
            *scope.section_officers(case.section_id),
            case.assigned_to,
        ]
    tell(
        case,
        recipients,
        entry,
        gettext_lazy("internal note") if internal else gettext_lazy("new comment"),
        comment.body[:500],
        actor=actor,
    )
    return comment
