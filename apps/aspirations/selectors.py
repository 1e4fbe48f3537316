"""Reads of aspirations: the staff inbox, and what the public may read.

`aspiration_public_view` is everything the holder of a tracking code sees: the timeline of
public stages, the rejection reason, the public answer, and for an aspiration turned into a
case the case's public progress and answer. It never carries the sender's name, internal
notes, the instruction or any officer's name. `aspirations_public_list` is the same for
listings (the Open311 door): only reviewed aspirations, never their text, photo or sender."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.cases.selectors import PublicProgress, case_public_progress
from apps.offices.models import Office

from . import policy
from .models import Aspiration
from .workflow import REVIEWED_STATES, STATES, Status

INBOX_FILTERS = {
    "open": (Status.RECEIVED, Status.IN_REVIEW),
    "queue": (Status.RECEIVED,),
    "closed": (Status.REJECTED, Status.ANSWERED, Status.CASE),
    "all": tuple(STATES),
}


def aspiration_inbox_for(*, membership, stage: str = "open") -> QuerySet[Aspiration]:
    """The staff inbox: oldest waiting first for open ones, newest first otherwise."""
    statuses = INBOX_FILTERS.get(stage, INBOX_FILTERS["open"])
    qs = (
        policy.aspirations_for(membership)
        .filter(status__in=statuses)
        .select_related("village", "category")
    )
    return qs.order_by("submitted_at", "pk") if stage in ("open", "queue") else qs


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    text: str = ""


@dataclass(frozen=True)
class PublicView:
    tracking_code: str
    title: str
    village: str
    category: str
    status: str
    status_label: str
    note: str
    submitted_at: datetime
    events: list[PublicEvent] = field(default_factory=list)
    reason: str = ""
    answer: str = ""
    case: PublicProgress | None = None


def aspiration_get_by_code(*, code: str) -> Aspiration | None:
    if not code:
        return None
    return (
        Aspiration.objects.select_related("village", "category").filter(tracking_code=code).first()
    )


def aspiration_public_view(aspiration: Aspiration) -> PublicView:
    events = [PublicEvent(aspiration.submitted_at, str(_("Received by the office")))]
    if aspiration.reviewed_at:
        events.append(PublicEvent(aspiration.reviewed_at, str(_("Under review"))))
    progress = None
    if aspiration.status == Status.REJECTED:
        events.append(PublicEvent(aspiration.decided_at, str(_("Rejected")), aspiration.reason))
    elif aspiration.status == Status.ANSWERED:
        events.append(PublicEvent(aspiration.decided_at, str(_("Answered")), aspiration.answer))
    elif aspiration.status == Status.CASE:
        events.append(PublicEvent(aspiration.decided_at, str(_("Handled as a coordination case"))))
        progress = case_public_progress(case_id=aspiration.case_id)
        if progress is not None and progress.answered:
            answer = "\n\n".join(t for t in (progress.response, progress.solution) if t)
            events.append(PublicEvent(progress.answered_at, str(_("Answered")), answer))
        if progress is not None and progress.resolved_at and progress.answered:
            events.append(PublicEvent(progress.resolved_at, str(_("Completed"))))
    return PublicView(
        tracking_code=aspiration.tracking_code,
        title=aspiration.title,
        village=str(aspiration.village),
        category=str(aspiration.category),
        status=aspiration.status,
        status_label=str(aspiration.get_status_display()),
        note=str(aspiration.state.public_note),
        submitted_at=aspiration.submitted_at,
        events=events,
        reason=aspiration.reason if aspiration.status == Status.REJECTED else "",
        answer=aspiration.answer if aspiration.status == Status.ANSWERED else "",
        case=progress,
    )


def aspirations_public_list(*, office: Office) -> QuerySet[Aspiration]:
    """Reviewed aspirations of an office with only their public-safe fields loaded: for a
    public listing (Open311 `requests`). The review queue (received, not yet reviewed) is
    never listed; the text, photo, sender and code are not loaded."""
    return (
        Aspiration.objects.filter(office=office, status__in=REVIEWED_STATES)
        .select_related("village", "category")
        .only(
            "pk", "office_id", "status", "title", "submitted_at", "reviewed_at",
            "decided_at", "answer", "reason", "case_id",
            "village__name", "village__kind", "category__name",
        )
    )  # fmt: skip
