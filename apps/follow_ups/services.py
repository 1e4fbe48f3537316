"""Every write to a follow-up: recording one for a source, completing it, and the periodic
reminder before the due date and escalation after it.

`follow_up_record` is called by a source's own service (a case's `follow_up_add` and
answer, a meeting's minutes) after it locked its object and checked its own step; the
others check this app's policy themselves. Mail leaves through the outbox on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.core.uploads import store_documents
from apps.notifications.services import notify
from apps.offices.audit import audit_record
from apps.offices.models import Agency, AuditLog, Office, Section, Village

from . import policy
from .models import TEXT_LIMITS, Evidence, FollowUp, FollowUpOwner, FollowUpStatus
from .registry import SOURCES

# Owners hear of an open item this many days before it is due, once.
REMIND_DAYS_BEFORE = 2
# A follow-up is a concrete action: due within two years (a typo like 9999 is refused).
MAX_DUE_DAYS = 2 * 366


@dataclass
class FollowUpInput:
    action: str
    owner_kind: str
    due_date: date
    owner_section: Section | None = None
    owner_agency: Agency | None = None
    owner_village: Village | None = None


@dataclass(frozen=True)
class Source:
    """What a follow-up comes from: `type` as registered ("case", "meeting"), the object's
    id, its office, and the village it belongs to (a case's village; none for a meeting)."""

    type: str
    id: int | str
    office: Office
    village: Village | None = None


def _msg(text, **params):
    """A notification text translated when it is sent, not in the actor's language."""
    return lazy(lambda: str(text) % params, str)()


def _day(value: date):
    return lazy(date_format, str)(value, "DATE_FORMAT")


def check_length(value: str, kind: str, field: str) -> str:
    limit = TEXT_LIMITS[kind]
    if len(value or "") > limit:
        raise DomainError(
            _("Shorten this text to %(limit)s characters (it has %(count)s).")
            % {"limit": limit, "count": len(value)},
            field=field,
        )
    return value


def follow_up_record(
    *, acting: Membership, source: Source, item: FollowUpInput, field: str = "follow_ups"
) -> FollowUp:
    """Check, store and audit one follow-up of a source. The source's service has locked its
    object and checked the right to add (this runs inside its transaction)."""
    office = source.office
    section, agency, village = None, None, None
    if item.owner_kind == FollowUpOwner.SECTION:
        section = item.owner_section
        if section is None or section.office_id != office.pk:
            raise DomainError(_("Choose the section that owns this action."), field=field)
    elif item.owner_kind == FollowUpOwner.AGENCY:
        agency = item.owner_agency
        if agency is None or agency.office_id != office.pk:
            raise DomainError(_("Choose the agency that owns this action."), field=field)
    elif item.owner_kind == FollowUpOwner.VILLAGE:
        village = item.owner_village or source.village
        if village is None or village.office_id != office.pk:
            raise DomainError(_("Choose the village that owns this action."), field=field)
    else:
        raise DomainError(_("Choose who owns this action."), field=field)
    if not item.action.strip():
        raise DomainError(_("Describe the action."), field=field)
    check_length(item.action.strip(), "action", field)
    if item.due_date < clock.today():
        raise DomainError(_("The due date cannot be in the past."), field=field)
    if item.due_date > clock.today() + timedelta(days=MAX_DUE_DAYS):
        raise DomainError(_("The due date must be within two years from today."), field=field)
    # The same action for the same owner and day, still open on the same source, is a
    # repeat (a double tap, a retried request): the first one is kept, never a second.
    repeat = FollowUp.objects.filter(
        source_type=source.type,
        source_id=str(source.id),
        action=item.action.strip(),
        owner_kind=item.owner_kind,
        owner_section=section,
        owner_agency=agency,
        owner_village=village,
        due_date=item.due_date,
        status=FollowUpStatus.OPEN,
    ).first()
    if repeat is not None:
        return repeat
    follow_up = FollowUp.objects.create(
        office=office,
        source_type=source.type,
        source_id=str(source.id),
        village=source.village,
        action=item.action.strip(),
        owner_kind=item.owner_kind,
        owner_section=section,
        owner_agency=agency,
        owner_village=village,
        due_date=item.due_date,
    )
    audit_record(
        actor=acting.user if acting else None,
        office=office,
        action="follow_ups.follow_up.added",
        target=follow_up,
        new={
            "source_type": source.type,
            "source_id": str(source.id),
            "action": follow_up.action,
            "owner_kind": follow_up.owner_kind,
            "due_date": follow_up.due_date,
        },
    )
    return follow_up


def owner_people(follow_up: FollowUp) -> list:
    """Who does the work: the owning section's officers or the owning village's officials.
    A regency agency has no account here: the source's people chase it."""
    if follow_up.owner_kind == FollowUpOwner.SECTION:
        return scope.section_officers(follow_up.owner_section_id)
    if follow_up.owner_kind == FollowUpOwner.VILLAGE:
        return scope.village_officials(follow_up.owner_village_id)
    return []


def _source_of(follow_up: FollowUp):
    kind = SOURCES.get(follow_up.source_type)
    if kind is None:
        return None, None
    return kind, kind.load([follow_up.source_id]).get(follow_up.source_id)


def _tell(follow_up: FollowUp, recipients, *, dedupe: str, title, body: str = "", actor=None):
    """Notify everyone concerned but the person who acted, in the product's language."""
    kind, source = _source_of(follow_up)
    people = [p for p in recipients if p is not None and (actor is None or p.pk != actor.pk)]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title)
    prefix = kind.reference(source) if source is not None else ""
    notify(
        recipients=people,
        office=follow_up.office,
        title=f"{prefix}: {title}" if prefix else title,
        body=body or follow_up.action,
        url=kind.url(source) if source is not None else "/tindak-lanjut/",
        dedupe=dedupe,
    )


def _concerned(follow_up: FollowUp) -> list:
    kind, source = _source_of(follow_up)
    return list(kind.concerned(source)) if source is not None else []


def store_evidence(follow_up: FollowUp, uploads, actor) -> list[Evidence]:
    return store_documents(Evidence, uploads, uploaded_by=actor, follow_up=follow_up)


@transaction.atomic
def follow_up_complete(
    *, acting: Membership, follow_up: FollowUp, note: str, evidence: list | None = None
) -> FollowUp:
    """The owner (or the source's people, or a leader) records that the action is done."""
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    follow_up.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in FollowUp._meta.concrete_fields}
    )
    if not policy.follow_up_may_complete(acting, follow_up):
        raise NotAllowed(_("Your role may not complete this action."))
    if follow_up.status == FollowUpStatus.DONE:
        raise InvalidState(_("This action is already done."))
    if not note.strip():
        raise DomainError(_("Say what was done."), field="note")
    check_length(note, "note", "note")
    actor = acting.user
    follow_up.status = FollowUpStatus.DONE
    follow_up.completion_note = note.strip()
    follow_up.completed_at = clock.now()
    follow_up.completed_by = actor
    follow_up.save()
    store_evidence(follow_up, evidence, actor)
    entry = audit_record(
        actor=actor,
        office=follow_up.office,
        action="follow_ups.follow_up.completed",
        target=follow_up,
        old={"status": FollowUpStatus.OPEN},
        new={
            "status": FollowUpStatus.DONE,
            "source_type": follow_up.source_type,
            "source_id": follow_up.source_id,
            "action": follow_up.action,
            "note": follow_up.completion_note,
        },
    )
    _tell(
        follow_up,
        [*_concerned(follow_up), *owner_people(follow_up)],
        dedupe=f"follow_up:{follow_up.pk}:audit:{entry.pk}",
        title=_msg(gettext_lazy("action done: %(action)s"), action=follow_up.action),
        body=follow_up.completion_note,
        actor=actor,
    )
    return follow_up


def _local_today(now: datetime) -> date:
    return timezone.localtime(now).date()


def follow_ups_remind_due(*, now: datetime | None = None) -> int:
    """Tell the owner of each open item once, a few days before it is due (the source's
    people too where an agency owns it)."""
    now = now or clock.now()
    today = _local_today(now)
    due = FollowUp.objects.filter(
        status=FollowUpStatus.OPEN,
        reminded_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("office")
    count = 0
    for follow_up in due.iterator():
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=follow_up.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            people = owner_people(follow_up)
            if follow_up.owner_kind == FollowUpOwner.AGENCY:
                people += _concerned(follow_up)
            _tell(
                follow_up,
                people,
                dedupe=f"follow_up:{follow_up.pk}:reminder:{follow_up.due_date:%Y%m%d}",
                title=_msg(
                    gettext_lazy("due on %(date)s: %(action)s"),
                    date=_day(follow_up.due_date),
                    action=follow_up.action,
                ),
            )
        count += 1
    return count


def follow_ups_escalate_overdue(*, now: datetime | None = None) -> int:
    """Mark open items past their due date once: audited, and the office's leaders, the
    owner and the source's people are told."""
    now = now or clock.now()
    late = FollowUp.objects.filter(
        status=FollowUpStatus.OPEN,
        escalated_at__isnull=True,
        due_date__lt=_local_today(now),
    ).select_related("office")
    count = 0
    for follow_up in late.iterator():
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=follow_up.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not claimed:
                continue
            entry: AuditLog = audit_record(
                actor=None,
                office=follow_up.office,
                action="follow_ups.follow_up.overdue",
                target=follow_up,
                new={
                    "source_type": follow_up.source_type,
                    "source_id": follow_up.source_id,
                    "action": follow_up.action,
                    "due_date": follow_up.due_date,
                },
            )
            _tell(
                follow_up,
                [
                    *scope.office_leaders(follow_up.office_id),
                    *owner_people(follow_up),
                    *_concerned(follow_up),
                ],
                dedupe=f"follow_up:{follow_up.pk}:audit:{entry.pk}",
                title=_msg(
                    gettext_lazy("overdue since %(date)s: %(action)s"),
                    date=_day(follow_up.due_date),
                    action=follow_up.action,
                ),
            )
        count += 1
    return count
