"""Every write to a case: one service per step of the workflow.

Each service is atomic, checks who acts (policy: NotAllowed → 403) and the case's state
(InvalidState → 409), writes an audit entry (`cases.case.<verb>`), and tells the people
concerned in the app and by e-mail once the transaction commits (outbox).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy
from apps.accounts.models import Membership, Role, User
from apps.core import clock
from apps.core.audit import audit_record
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.notifications.services import notify
from apps.offices.models import Agency, Category, Section, Urgency

from .models import (
    AWAITING_ANSWER,
    Attachment,
    AttachmentPurpose,
    Case,
    CaseCounter,
    Comment,
    FollowUp,
    FollowUpOwner,
    FollowUpStatus,
    SharedIssue,
    Status,
)
from .selectors import overdue_q
from .sla import WorkCalendar, sla_days
from .uploads import UploadedDocument

# In which states each step may be taken (who may take it is in accounts.policy).
ACTION_STATES = {
    "verify": (Status.SUBMITTED,),
    "return": (Status.SUBMITTED,),
    "reject": (Status.SUBMITTED,),
    "resubmit": (Status.RETURNED,),
    "dispose": (Status.VERIFIED, Status.DISPOSED, Status.REOPENED),
    # A reopened case is still with its section: it may answer again at once, or the camat
    # disposes it elsewhere.
    "assign": (Status.DISPOSED, Status.IN_PROGRESS, Status.REOPENED),
    "answer": (Status.DISPOSED, Status.IN_PROGRESS, Status.REOPENED),
    "refer": (Status.DISPOSED, Status.IN_PROGRESS, Status.ANSWERED),
    "referral_outcome": (Status.REFERRED,),
    "add_follow_up": (Status.IN_PROGRESS, Status.ANSWERED, Status.REFERRED),
    "confirm": (Status.ANSWERED, Status.REFERRED),
    "reopen": (Status.RESOLVED,),
}


WAITING_FOR = {
    Status.SUBMITTED: gettext_lazy("verification by the camat or the secretary"),
    Status.RETURNED: gettext_lazy("the village to add the missing information"),
    Status.VERIFIED: gettext_lazy("disposition by the camat or the secretary"),
    Status.DISPOSED: gettext_lazy("an officer of the section to take the case"),
    Status.IN_PROGRESS: gettext_lazy("the answer of the assigned officer"),
    Status.ANSWERED: gettext_lazy("the village to confirm and rate the answer"),
    Status.REFERRED: gettext_lazy("the outcome from the agency and the village's confirmation"),
    Status.REOPENED: gettext_lazy("a new answer from the section (or a new disposition)"),
}


def available_actions(membership, case: Case) -> set[str]:
    """The steps this person may take on this case now (for buttons and the API)."""
    allowed = {
        action
        for action, states in ACTION_STATES.items()
        if case.status in states and policy.case_can(membership, action, case)
    }
    if "reopen" in allowed and not _reopen_window_open(case):
        allowed.discard("reopen")
    for extra in ("comment", "comment_internal", "link_shared"):
        if policy.case_can(membership, extra, case):
            allowed.add(extra)
    return allowed


def _reopen_window_open(case: Case) -> bool:
    return (
        case.resolved_at is not None
        and case.verified_at is not None
        and clock.now() <= case.resolved_at + timedelta(days=case.office.reopen_days)
    )


# --- helpers -------------------------------------------------------------------------------


def _require(membership, action: str, case: Case) -> None:
    if not policy.case_can(membership, action, case):
        raise NotAllowed(_("Your role may not take this step on this case."))


def _require_state(case: Case, *allowed: str) -> None:
    if case.status not in allowed:
        raise InvalidState(
            _("This step is not possible while the case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so two people cannot move it at once."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in Case._meta.concrete_fields}
    )
    return case


def _audit(case: Case, actor: User, verb: str, old_status: str | None = None, **new):
    values = dict(new)
    if old_status is not None and old_status != case.status:
        values["status"] = case.status
    audit_record(
        actor=actor,
        office=case.office,
        action=f"cases.case.{verb}",
        target=case,
        old={"status": old_status} if old_status and old_status != case.status else {},
        new=values,
    )


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _leaders(case: Case):
    return [
        m.user
        for m in Membership.objects.active()
        .filter(office=case.office_id, role__in=[Role.HEAD, Role.SECRETARY])
        .select_related("user")
    ]


def _section_officers(section_id):
    if section_id is None:
        return []
    return [
        m.user
        for m in Membership.objects.active()
        .filter(section_id=section_id, role=Role.OFFICER)
        .select_related("user")
    ]


def _village_officials(case: Case):
    return [
        m.user
        for m in Membership.objects.active()
        .filter(village_id=case.village_id, role=Role.VILLAGE)
        .select_related("user")
    ]


def msg(text, **params):
    """A notification text translated when it is sent, not in the actor's language."""
    return lazy(lambda: str(text) % params, str)()


def _tell(case: Case, recipients, event: str, title, body: str = "", actor=None):
    """Notify everyone concerned but the person who acted. Notifications and e-mail are in
    the product's language (Indonesian), whatever language the acting person has chosen."""
    people = [p for p in recipients if p is not None and (actor is None or p.pk != actor.pk)]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title)
    notify(
        recipients=people,
        office=case.office,
        title=f"{case.tracking_number}: {title}",
        body=body or case.title,
        url=_case_url(case),
        dedupe=f"case:{case.pk}:{event}",
    )


def _event_id(case: Case, verb: str) -> str:
    return f"{verb}:{int(clock.now().timestamp() * 1000)}"


def _calendar(case: Case) -> WorkCalendar:
    return WorkCalendar(case.office)


def _next_tracking_number(office, year: int) -> str:
    counter, _created = CaseCounter.objects.get_or_create(office=office, year=year)
    counter = CaseCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"RUKO-{year}-{counter.last:05d}"


def _store_attachments(case, uploads, actor, *, purpose=AttachmentPurpose.CASE, follow_up=None):
    for upload in uploads or []:
        document = (
            upload if isinstance(upload, UploadedDocument) else UploadedDocument.check(upload)
        )
        attachment = Attachment(
            case=case,
            follow_up=follow_up,
            purpose=purpose,
            token=secrets.token_hex(16),
            original_name=document.name[:200],
            content_type=document.content_type,
            size=document.size,
            uploaded_by=actor,
        )
        attachment.file.save(attachment.token, document.file, save=False)
        attachment.save()


# --- submission ----------------------------------------------------------------------------


@dataclass
class SubmitResult:
    case: Case
    created: bool


def case_submit(
    *,
    actor: User,
    membership: Membership,
    category: Category,
    urgency: str,
    title: str,
    description: str,
    attachments: list | None = None,
    idempotency_key: str = "",
) -> SubmitResult:
    """A village official submits a problem. The same idempotency key from the same person
    returns the case made the first time instead of a second one."""
    if not policy.can_submit_case(membership):
        raise NotAllowed(_("Only village officials submit cases."))
    key = (idempotency_key or "").strip()[:64]
    if key:
        existing = Case.objects.filter(submitted_by=actor, idempotency_key=key).first()
        if existing is not None:
            return SubmitResult(existing, False)
    if category.office_id != membership.office_id or not category.is_active:
        raise DomainError(_("Choose a category of your sub-district."), field="category")
    if urgency not in Urgency.values:
        raise DomainError(_("Choose an urgency."), field="urgency")
    try:
        with transaction.atomic():
            case = _create_case(
                actor=actor,
                membership=membership,
                category=category,
                urgency=urgency,
                title=title,
                description=description,
                attachments=attachments,
                key=key,
            )
    except IntegrityError:
        existing = Case.objects.filter(submitted_by=actor, idempotency_key=key).first()
        if key and existing is not None:  # the same form arrived twice at the same time
            return SubmitResult(existing, False)
        raise
    return SubmitResult(case, True)


def _create_case(*, actor, membership, category, urgency, title, description, attachments, key):
    now = clock.now()
    office = membership.office
    verify_days, _answer = sla_days(office=office, category=category, urgency=urgency)
    case = Case.objects.create(
        office=office,
        tracking_number=_next_tracking_number(office, timezone.localtime(now).year),
        village=membership.village,
        submitted_by=actor,
        category=category,
        urgency=urgency,
        title=title.strip(),
        description=description.strip(),
        section=category.default_section,
        status=Status.SUBMITTED,
        submitted_at=now,
        verify_due=WorkCalendar(office).deadline(now, verify_days),
        idempotency_key=key,
    )
    _store_attachments(case, attachments, actor)
    _audit(
        case,
        actor,
        "submitted",
        status=case.status,
        category=category.pk,
        urgency=urgency,
        section=case.section_id,
    )
    _tell(
        case,
        _leaders(case),
        "submitted",
        msg(gettext_lazy("new case from %(village)s"), village=str(case.village)),
        actor=actor,
    )
    return case


@transaction.atomic
def case_resubmit(
    *, actor: User, membership, case: Case, description: str, attachments: list | None = None
) -> Case:
    """The village answers a return with more information; the verification clock restarts."""
    _require(membership, "resubmit", case)
    _lock(case)
    _require_state(case, *ACTION_STATES["resubmit"])
    old = case.status
    now = clock.now()
    verify_days, _answer = sla_days(
        office=case.office, category=case.category, urgency=case.urgency
    )
    case.description = description.strip() or case.description
    case.status = Status.SUBMITTED
    case.paused_at = None
    case.verify_due = _calendar(case).deadline(now, verify_days)
    case.overdue_since = None
    case.save()
    _store_attachments(case, attachments, actor)
    _audit(case, actor, "resubmitted", old, description=case.description)
    _tell(
        case,
        _leaders(case),
        _event_id(case, "resubmitted"),
        gettext_lazy("resubmitted with more information"),
        actor=actor,
    )
    return case


# --- verification ----------------------------------------------------------------------------


@transaction.atomic
def case_verify(*, actor: User, membership, case: Case) -> Case:
    _require(membership, "verify", case)
    _lock(case)
    _require_state(case, *ACTION_STATES["verify"])
    old, now = case.status, clock.now()
    _verify_days, answer_days = sla_days(
        office=case.office, category=case.category, urgency=case.urgency
    )
    case.status = Status.VERIFIED
    case.verified_at = now
    case.response_due = _calendar(case).deadline(now, answer_days)
    case.overdue_since = None
    case.save()
    _audit(case, actor, "verified", old, response_due=case.response_due)
    _tell(
        case,
        _village_officials(case),
        _event_id(case, "verified"),
        gettext_lazy("verified by the sub-district"),
        actor=actor,
    )
    return case


@transaction.atomic
def case_return(*, actor: User, membership, case: Case, reason: str) -> Case:
    _require(membership, "return", case)
    if not reason.strip():
        raise DomainError(_("Say what information is missing."), field="reason")
    _lock(case)
    _require_state(case, *ACTION_STATES["return"])
    old = case.status
    case.status = Status.RETURNED
    case.reason = reason.strip()
    case.paused_at = clock.now()
    case.overdue_since = None
    case.save()
    _audit(case, actor, "returned", old, reason=case.reason)
    _tell(
        case,
        _village_officials(case),
        _event_id(case, "returned"),
        gettext_lazy("returned: more information needed"),
        case.reason,
        actor=actor,
    )
    return case


@transaction.atomic
def case_reject(*, actor: User, membership, case: Case, reason: str) -> Case:
    _require(membership, "reject", case)
    if not reason.strip():
        raise DomainError(_("A rejection needs a reason."), field="reason")
    _lock(case)
    _require_state(case, *ACTION_STATES["reject"])
    old = case.status
    case.status = Status.REJECTED
    case.reason = reason.strip()
    case.resolved_at = clock.now()
    case.overdue_since = None
    case.save()
    _audit(case, actor, "rejected", old, reason=case.reason)
    _tell(
        case,
        _village_officials(case),
        _event_id(case, "rejected"),
        gettext_lazy("rejected"),
        case.reason,
        actor=actor,
    )
    return case


# --- disposition and handling -------------------------------------------------------------------


@transaction.atomic
def case_dispose(
    *,
    actor: User,
    membership,
    case: Case,
    section: Section,
    instruction: str,
    officer: User | None = None,
) -> Case:
    """The camat or secretary sends the case to a section with an instruction (disposisi),
    optionally naming the officer."""
    _require(membership, "dispose", case)
    if section.office_id != case.office_id or not section.is_active:
        raise DomainError(_("Choose a section of this office."), field="section")
    if (
        officer is not None
        and not Membership.objects.active()
        .filter(user=officer, section=section, role=Role.OFFICER)
        .exists()
    ):
        raise DomainError(_("That officer does not work in this section."), field="officer")
    _lock(case)
    _require_state(case, *ACTION_STATES["dispose"])
    old = case.status
    case.section = section
    case.disposition = instruction.strip()
    case.assigned_to = officer
    case.status = Status.IN_PROGRESS if officer else Status.DISPOSED
    case.save()
    _audit(
        case, actor, "disposed", old, section=section.pk, officer=officer.pk if officer else None
    )
    recipients = [officer] if officer else _section_officers(section.pk)
    _tell(
        case,
        recipients,
        _event_id(case, "disposed"),
        msg(gettext_lazy("disposed to %(section)s"), section=str(section)),
        case.disposition,
        actor=actor,
    )
    _answer_from_shared_issue(case, actor)
    return case


@transaction.atomic
def case_assign(*, actor: User, membership, case: Case, officer: User | None = None) -> Case:
    """An officer takes the case, or the camat, secretary or a section officer assigns it."""
    _require(membership, "assign", case)
    officer = officer or actor
    if not policy.case_officers(case).filter(pk=officer.pk).exists():
        raise DomainError(_("That officer does not work in this section."), field="officer")
    _lock(case)
    _require_state(case, *ACTION_STATES["assign"])
    old = case.status
    case.assigned_to = officer
    case.status = Status.IN_PROGRESS
    case.save()
    _audit(case, actor, "assigned", old, officer=officer.pk)
    _tell(
        case, [officer], _event_id(case, "assigned"), gettext_lazy("assigned to you"), actor=actor
    )
    return case


@dataclass
class FollowUpInput:
    action: str
    owner_kind: str
    due_date: date
    owner_section: Section | None = None
    owner_agency: Agency | None = None


def _add_follow_up(case: Case, item: FollowUpInput) -> FollowUp:
    if item.owner_kind == FollowUpOwner.SECTION:
        if item.owner_section is None or item.owner_section.office_id != case.office_id:
            raise DomainError(_("Choose the section that owns this action."), field="follow_ups")
        item.owner_agency = None
    elif item.owner_kind == FollowUpOwner.AGENCY:
        if item.owner_agency is None or item.owner_agency.office_id != case.office_id:
            raise DomainError(_("Choose the agency that owns this action."), field="follow_ups")
        item.owner_section = None
    elif item.owner_kind == FollowUpOwner.VILLAGE:
        item.owner_section = item.owner_agency = None
    else:
        raise DomainError(_("Choose who owns this action."), field="follow_ups")
    if not item.action.strip():
        raise DomainError(_("Describe the action."), field="follow_ups")
    if item.due_date < clock.today():
        raise DomainError(_("The due date cannot be in the past."), field="follow_ups")
    return FollowUp.objects.create(
        case=case,
        action=item.action.strip(),
        owner_kind=item.owner_kind,
        owner_section=item.owner_section,
        owner_agency=item.owner_agency,
        due_date=item.due_date,
    )


@transaction.atomic
def case_answer(
    *,
    actor: User,
    membership,
    case: Case,
    response: str,
    solution: str,
    follow_ups: list[FollowUpInput] | None = None,
    _shared: SharedIssue | None = None,
) -> Case:
    """The section answers with a response and a solution, optionally with follow-ups."""
    if _shared is None:
        _require(membership, "answer", case)
    if not response.strip():
        raise DomainError(_("Write the response."), field="response")
    _lock(case)
    _require_state(case, *ACTION_STATES["answer"])
    old, now = case.status, clock.now()
    case.response, case.solution = response.strip(), solution.strip()
    case.status = Status.ANSWERED
    case.answered_at = now
    case.assigned_to = case.assigned_to or (
        actor if membership and membership.role == Role.OFFICER else None
    )
    items = [_add_follow_up(case, item) for item in follow_ups or []]
    close_on = timezone_date(now) + timedelta(days=case.office.auto_close_days)
    latest = max([close_on, *(f.due_date for f in items)])
    case.resolution_due = _end_of(latest)
    case.overdue_since = None
    case.save()
    _audit(
        case,
        actor,
        "answered",
        old,
        follow_ups=len(items),
        shared_issue=_shared.pk if _shared else None,
    )
    _tell(
        case,
        _village_officials(case),
        _event_id(case, "answered"),
        gettext_lazy("answered: please confirm and rate"),
        case.response[:500],
        actor=actor,
    )
    return case


def timezone_date(moment: datetime) -> date:
    from django.utils import timezone

    return timezone.localtime(moment).date()


def _end_of(day: date) -> datetime:
    from django.utils import timezone

    from .sla import END_OF_DAY

    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


@transaction.atomic
def case_refer(
    *, actor: User, membership, case: Case, agency: Agency, letter_number: str, note: str = ""
) -> Case:
    """Refer the case to a regency agency (dirujuk) with the letter number."""
    _require(membership, "refer", case)
    if agency.office_id != case.office_id or not agency.is_active:
        raise DomainError(_("Choose an agency of this office's list."), field="agency")
    if not letter_number.strip():
        raise DomainError(_("Give the number of the referral letter."), field="letter_number")
    _lock(case)
    _require_state(case, *ACTION_STATES["refer"])
    old = case.status
    case.referred_to = agency
    case.referral_letter = letter_number.strip()
    case.referral_note = note.strip()
    case.status = Status.REFERRED
    if case.answered_at is None:
        case.answered_at = clock.now()  # the village has its answer: the agency handles it
    case.overdue_since = None
    case.save()
    _audit(case, actor, "referred", old, agency=agency.pk, letter_number=case.referral_letter)
    _tell(
        case,
        _village_officials(case),
        _event_id(case, "referred"),
        msg(gettext_lazy("referred to %(agency)s"), agency=agency.name),
        case.referral_note,
        actor=actor,
    )
    return case


@transaction.atomic
def case_record_referral_outcome(*, actor: User, membership, case: Case, outcome: str) -> Case:
    _require(membership, "referral_outcome", case)
    if not outcome.strip():
        raise DomainError(_("Describe the outcome."), field="outcome")
    _lock(case)
    _require_state(case, *ACTION_STATES["referral_outcome"])
    case.referral_outcome = outcome.strip()
    case.save(update_fields=["referral_outcome", "updated_at"])
    _audit(case, actor, "referral_outcome", outcome=case.referral_outcome)
    _tell(
        case,
        _village_officials(case),
        _event_id(case, "outcome"),
        gettext_lazy("outcome of the referral recorded"),
        case.referral_outcome,
        actor=actor,
    )
    return case


# --- the village closes the loop ------------------------------------------------------------


@transaction.atomic
def case_confirm(*, actor: User, membership, case: Case, rating: int, comment: str = "") -> Case:
    _require(membership, "confirm", case)
    if rating not in (1, 2, 3, 4, 5):
        raise DomainError(_("Rate the answer from 1 to 5."), field="rating")
    _lock(case)
    _require_state(case, *ACTION_STATES["confirm"])
    old = case.status
    case.status = Status.RESOLVED
    case.rating, case.rating_comment = rating, comment.strip()
    case.resolved_at = clock.now()
    case.auto_closed = False
    case.save()
    _audit(case, actor, "confirmed", old, rating=rating)
    _tell(
        case,
        [*_section_officers(case.section_id), case.assigned_to],
        _event_id(case, "confirmed"),
        msg(gettext_lazy("confirmed by the village, rated %(rating)s/5"), rating=rating),
        case.rating_comment,
        actor=actor,
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User, membership, case: Case, reason: str) -> Case:
    _require(membership, "reopen", case)
    if not reason.strip():
        raise DomainError(_("Say why the problem is not solved."), field="reason")
    _lock(case)
    _require_state(case, *ACTION_STATES["reopen"])
    if not _reopen_window_open(case):
        raise InvalidState(
            _("A case can be reopened within %(days)s days of closing; submit a new case.")
            % {"days": case.office.reopen_days}
        )
    old, now = case.status, clock.now()
    _verify, answer_days = sla_days(
        office=case.office, category=case.category, urgency=case.urgency
    )
    case.status = Status.REOPENED
    case.reason = reason.strip()
    case.response_due = _calendar(case).deadline(now, answer_days)
    case.resolved_at = None
    case.answered_at = None  # a new answer is owed: auto-close counts from that one
    case.resolution_due = None
    case.rating = None
    case.rating_comment = ""
    case.auto_closed = False
    case.save()
    _audit(case, actor, "reopened", old, reason=case.reason)
    _tell(
        case,
        [*_leaders(case), *_section_officers(case.section_id)],
        _event_id(case, "reopened"),
        gettext_lazy("reopened by the village"),
        case.reason,
        actor=actor,
    )
    return case


def case_auto_close_due(*, now: datetime | None = None) -> int:
    """Close answered cases the village has not confirmed within the office's days. A
    referral waits for the agency's outcome, and no case closes with open follow-ups."""
    from django.db.models import Q

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
        if case.follow_ups.filter(status=FollowUpStatus.OPEN).exists():
            continue  # not while agreed actions are still open
        with transaction.atomic():
            _lock(case)
            if case.status not in (Status.ANSWERED, Status.REFERRED):
                continue
            old = case.status
            case.status = Status.RESOLVED
            case.resolved_at = now
            case.auto_closed = True
            case.save()
            _audit(case, None, "auto_closed", old)
            _tell(
                case,
                _village_officials(case),
                _event_id(case, "auto_closed"),
                msg(
                    gettext_lazy("closed: no confirmation within %(days)s days"),
                    days=case.office.auto_close_days,
                ),
            )
        closed += 1
    return closed


# --- follow-ups, comments, shared issues --------------------------------------------------------


@transaction.atomic
def follow_up_add(*, actor: User, membership, case: Case, item: FollowUpInput) -> FollowUp:
    _require(membership, "add_follow_up", case)
    _require_state(case, *ACTION_STATES["add_follow_up"])
    follow_up = _add_follow_up(case, item)
    audit_record(
        actor=actor,
        office=case.office,
        action="cases.follow_up.added",
        target=follow_up,
        new={"case": case.pk, "action": follow_up.action, "due_date": follow_up.due_date},
    )
    return follow_up


@transaction.atomic
def follow_up_complete(
    *, actor: User, membership, follow_up: FollowUp, note: str, evidence: list | None = None
) -> FollowUp:
    if not policy.follow_up_can_complete(membership, follow_up):
        raise NotAllowed(_("Your role may not complete this action."))
    follow_up = (
        FollowUp.objects.select_for_update().select_related("case__office").get(pk=follow_up.pk)
    )
    if follow_up.status == FollowUpStatus.DONE:
        raise InvalidState(_("This action is already done."))
    if not note.strip():
        raise DomainError(_("Say what was done."), field="note")
    follow_up.status = FollowUpStatus.DONE
    follow_up.completion_note = note.strip()
    follow_up.completed_at = clock.now()
    follow_up.completed_by = actor
    follow_up.save()
    _store_attachments(
        follow_up.case, evidence, actor, purpose=AttachmentPurpose.EVIDENCE, follow_up=follow_up
    )
    case = follow_up.case
    audit_record(
        actor=actor,
        office=case.office,
        action="cases.follow_up.completed",
        target=follow_up,
        old={"status": FollowUpStatus.OPEN},
        new={"status": FollowUpStatus.DONE, "case": case.pk, "note": follow_up.completion_note},
    )
    _tell(
        case,
        [*_village_officials(case), *_section_officers(case.section_id)],
        f"follow_up:{follow_up.pk}:done",
        msg(gettext_lazy("action done: %(action)s"), action=follow_up.action),
        follow_up.completion_note,
        actor=actor,
    )
    return follow_up


@transaction.atomic
def comment_add(*, actor: User, membership, case: Case, body: str, internal: bool = False):
    _require(membership, "comment", case)
    if internal and not policy.case_can(membership, "comment_internal", case):
        raise NotAllowed(_("Only office staff write internal notes."))
    if not body.strip():
        raise DomainError(_("Write a comment."), field="body")
    comment = Comment.objects.create(case=case, author=actor, body=body.strip(), internal=internal)
    # The audit entry of an internal note carries no text: the village reads the timeline.
    audit_record(
        actor=actor,
        office=case.office,
        action="cases.comment.added",
        target=comment,
        new={"case": case.pk, "internal": internal},
    )
    if internal:
        recipients = [*_leaders(case), *_section_officers(case.section_id)]
    else:
        recipients = [
            *_village_officials(case),
            *_section_officers(case.section_id),
            case.assigned_to,
        ]
    _tell(
        case,
        recipients,
        f"comment:{comment.pk}",
        gettext_lazy("internal note") if internal else gettext_lazy("new comment"),
        comment.body[:500],
        actor=actor,
    )
    return comment


# A case joins a shared issue once verified and until it is answered.
LINKABLE = (Status.VERIFIED, Status.DISPOSED, Status.IN_PROGRESS, Status.REOPENED)


@transaction.atomic
def shared_issue_create(*, actor: User, membership, cases: list[Case], title: str) -> SharedIssue:
    """Link open cases on the same problem from several villages into one shared issue."""
    if not cases:
        raise DomainError(_("Choose the cases to link."), field="cases")
    office_ids = {c.office_id for c in cases}
    if len(office_ids) != 1:
        raise DomainError(_("Cases of different offices cannot be linked."), field="cases")
    for case in cases:
        if not policy.case_can(membership, "link_shared", case):
            raise NotAllowed(_("Your role may not link these cases."))
        if case.status not in LINKABLE:
            raise InvalidState(
                _("%(number)s is no longer waiting for an answer.")
                % {"number": case.tracking_number}
            )
    issue = SharedIssue.objects.create(
        office_id=office_ids.pop(), title=title.strip() or cases[0].title, created_by=actor
    )
    for case in cases:
        shared_issue_link(actor=actor, membership=membership, issue=issue, case=case)
    audit_record(
        actor=actor,
        office=issue.office,
        action="cases.shared_issue.created",
        target=issue,
        new={"cases": [c.pk for c in cases]},
    )
    return issue


@transaction.atomic
def shared_issue_link(*, actor: User, membership, issue: SharedIssue, case: Case) -> Case:
    if case.office_id != issue.office_id:
        raise DomainError(_("Cases of different offices cannot be linked."), field="cases")
    if not policy.case_can(membership, "link_shared", case):
        raise NotAllowed(_("Your role may not link these cases."))
    _lock(case)
    if case.status not in LINKABLE:
        raise InvalidState(
            _("%(number)s is no longer waiting for an answer.") % {"number": case.tracking_number}
        )
    case.shared_issue = issue
    case.save(update_fields=["shared_issue", "updated_at"])
    _audit(case, actor, "linked", shared_issue=issue.pk)
    return case


@transaction.atomic
def shared_issue_answer(
    *, actor: User, membership, issue: SharedIssue, response: str, solution: str
) -> list[Case]:
    """Answer every linked case: those being handled now at once, the ones not yet disposed
    as soon as they reach a section (see `_answer_from_shared_issue`). Each village still
    confirms and rates its own case. The actor must be allowed to answer every linked case."""
    cases = list(issue.cases.select_related("office", "village", "section"))
    if not cases:
        raise InvalidState(_("No case is linked to this shared issue."))
    if not response.strip():
        raise DomainError(_("Write the response."), field="response")
    if not all(policy.case_can(membership, "answer", c) for c in cases):
        raise NotAllowed(_("Your role may not answer every case of this shared issue."))
    issue.response, issue.solution = response.strip(), solution.strip()
    issue.answered_at = clock.now()
    issue.save()
    answered = []
    for case in cases:
        if case.status in ACTION_STATES["answer"]:
            case_answer(
                actor=actor,
                membership=membership,
                case=case,
                response=response,
                solution=solution,
                _shared=issue,
            )
            answered.append(case)
    audit_record(
        actor=actor,
        office=issue.office,
        action="cases.shared_issue.answered",
        target=issue,
        new={"cases": [c.pk for c in answered]},
    )
    return answered


def _answer_from_shared_issue(case: Case, actor: User) -> None:
    """A linked case that reaches a section after its shared issue was answered gets the
    same answer straight away."""
    issue = case.shared_issue
    if (
        issue is not None
        and issue.answered_at is not None
        and case.status in ACTION_STATES["answer"]
    ):
        case_answer(
            actor=actor,
            membership=None,
            case=case,
            response=issue.response,
            solution=issue.solution,
            _shared=issue,
        )


def case_similar(*, case: Case, limit: int = 5) -> list[Case]:
    """Open cases of other villages in the same category whose words overlap this one's."""
    from .selectors import similar_open_cases

    return similar_open_cases(case=case, limit=limit)


# --- overdue and digest ---------------------------------------------------------------------------


def cases_mark_overdue(*, now: datetime | None = None) -> int:
    """Flag cases past their verify or answer deadline and tell the section and the camat,
    once per case and deadline."""
    now = now or clock.now()
    late = (
        Case.objects.filter(overdue_since__isnull=True)
        .filter(overdue_q(now))
        .select_related("office", "village", "section")
    )
    count = 0
    for case in late.iterator():
        with transaction.atomic():
            updated = Case.objects.filter(pk=case.pk, overdue_since__isnull=True).update(
                overdue_since=now
            )
            if not updated:
                continue
            case.overdue_since = now
            audit_record(
                actor=None,
                office=case.office,
                action="cases.case.overdue",
                target=case,
                new={"status": case.status},
            )
            deadline = case.current_deadline
            _tell(
                case,
                [*_leaders(case), *_section_officers(case.section_id)],
                f"overdue:{deadline:%Y%m%d%H%M}",
                msg(gettext_lazy("overdue since %(date)s"), date=f"{deadline:%d-%m-%Y}"),
            )
        count += 1
    return count


def camat_digest_send(*, now: datetime | None = None) -> int:
    """One e-mail a day to each camat: what is overdue and what is due tomorrow."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from apps.offices.models import Office

    now = now or clock.now()
    today = timezone.localtime(now).date()
    sent = 0
    translation.activate(settings.LANGUAGE_CODE)  # a task: the product's language
    for office in Office.objects.filter(is_active=True):
        calendar = WorkCalendar(office)
        tomorrow = calendar.add_working_days(today, 1)
        open_cases = list(
            Case.objects.filter(office=office, status__in=AWAITING_ANSWER).select_related(
                "village", "section"
            )
        )
        overdue = [c for c in open_cases if c.current_deadline and c.current_deadline < now]
        due_tomorrow = [
            c
            for c in open_cases
            if c.current_deadline and timezone.localtime(c.current_deadline).date() == tomorrow
        ]
        heads = [
            m.user
            for m in Membership.objects.active()
            .filter(office=office, role=Role.HEAD)
            .select_related("user")
        ]
        if not heads:
            continue
        body = render_to_string(
            "cases/email/digest.txt",
            {
                "office": office,
                "overdue": overdue,
                "due_tomorrow": due_tomorrow,
                "tomorrow": tomorrow,
                "today": today,
            },
        )
        with transaction.atomic():
            sent += notify(
                recipients=heads,
                office=office,
                title=_(
                    "RUKO PARSEL daily digest %(date)s: %(overdue)s overdue, %(due)s due tomorrow"
                )
                % {"date": f"{today:%d-%m-%Y}", "overdue": len(overdue), "due": len(due_tomorrow)},
                body=body,
                url=reverse("cases:list") + "?overdue=1",
                dedupe=f"digest:{office.pk}:{today:%Y%m%d}",
            )
    return sent


# One entry point per step name, shared by the pages and the API.
STEP_SERVICES = {
    "verify": case_verify,
    "return": case_return,
    "reject": case_reject,
    "reopen": case_reopen,
    "resubmit": case_resubmit,
    "dispose": case_dispose,
    "assign": case_assign,
    "answer": case_answer,
    "refer": case_refer,
    "referral_outcome": case_record_referral_outcome,
    "confirm": case_confirm,
}


def case_take_step(*, action: str, actor: User, membership, case: Case, **values) -> Case:
    """Take the named workflow step with its values (already objects, not ids)."""
    return STEP_SERVICES[action](actor=actor, membership=membership, case=case, **values)
