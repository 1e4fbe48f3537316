"""The village closes the loop: confirmation with a rating, reopening, and the automatic
close of answers nobody confirmed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError
from apps.follow_ups.selectors import has_open_follow_ups

from ..models import Case, Status
from ..sla import sla_days
from ..sources import SOURCE_TYPE
from ._common import audit, begin, calendar, check_length, lock, msg, tell


@transaction.atomic
def case_confirm(*, acting: Membership, case: Case, rating: int, comment: str = "") -> Case:
    begin(acting, "confirm", case)
    check_length(comment, "rating_comment", "comment")
    if rating not in (1, 2, 3, 4, 5):
        raise DomainError(_("Rate the answer from 1 to 5."), field="rating")
    old = case.status
    case.status = Status.RESOLVED
    case.rating, case.rating_comment = rating, comment.strip()
    case.resolved_at = clock.now()
    case.auto_closed = False
    case.save()
    entry = audit(case, acting.user, "confirmed", old, rating=rating, comment=case.rating_comment)
    tell(
        case,
        [*scope.section_officers(case.section_id), case.assigned_to],
        entry,
        msg(gettext_lazy("confirmed by the village, rated %(rating)s/5"), rating=rating),
        case.rating_comment,
        actor=acting.user,
    )
    return case


@transaction.atomic
def case_reopen(*, acting: Membership, case: Case, reason: str) -> Case:
    begin(acting, "reopen", case)
    check_length(reason, "reason")
    if not reason.strip():
        raise DomainError(_("Say why the problem is not solved."), field="reason")
    old, now = case.status, clock.now()
    _verify, answer_days = sla_days(
        office=case.office, category=case.category, urgency=case.urgency
    )
    case.status = Status.REOPENED
    case.reason = reason.strip()
    case.response_due = calendar(case).deadline(now, answer_days)
    case.resolved_at = None
    case.answered_at = None  # a new answer is owed: auto-close counts from that one
    case.resolution_due = None
    case.rating = None
    case.rating_comment = ""
    case.auto_closed = False
    case.save()
    entry = audit(case, acting.user, "reopened", old, reason=case.reason)
    tell(
        case,
        [*scope.office_leaders(case.office_id), *scope.section_officers(case.section_id)],
        entry,
        gettext_lazy("reopened by the village"),
        case.reason,
        actor=acting.user,
    )
    return case


def case_auto_close_due(*, now: datetime | None = None) -> int:
    """Close answered cases the village has not confirmed within the office's days. A
    referral waits for the agency's outcome, and no case closes with open follow-ups."""
    now = now or clock.now()
    closed = 0
    candidates = (
        Case.objects.filter(answered_at__isnull=False)
        .filter(Q(status=Status.ANSWERED) | Q(status=Status.REFERRED) & ~Q(referral_outcome=""))
        .select_related("office")
    )
    for case in candidates.iterator():
        if case.answered_at + timedelta(days=case.office.auto_close_days) > now:
            continue
        if has_open_follow_ups(source_type=SOURCE_TYPE, source_id=case.pk):
            continue  # not while agreed actions are still open
        with transaction.atomic():
            lock(case)
            if case.status not in (Status.ANSWERED, Status.REFERRED):
                continue
            old = case.status
            case.status = Status.RESOLVED
            case.resolved_at = now
            case.auto_closed = True
            case.save()
            entry = audit(case, None, "auto_closed", old)
            tell(
                case,
                scope.village_officials(case.village_id),
                entry,
                msg(
                    gettext_lazy("closed: no confirmation within %(days)s days"),
                    days=case.office.auto_close_days,
                ),
            )
        closed += 1
    return closed
