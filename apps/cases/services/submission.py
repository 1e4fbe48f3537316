"""A village brings a problem: submission and resubmission after a return."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Category, Office, Urgency, Village

from .. import policy
from ..models import Case, CaseCounter, Origin, Status
from ..sla import sla_days
from ._common import audit, begin, calendar, check_length, msg, store_attachments, tell


@dataclass
class SubmitResult:
    case: Case
    created: bool
    # On a replay: the files of this request that the first one did not bring, now added.
    files_added: int = 0


class KeyReused(InvalidState):
    """The idempotency key already made a case with other content. `case` is that case, so
    the form can name it and hand out a fresh key, keeping what was typed."""

    def __init__(self, message, *, case: Case, **kwargs):
        super().__init__(message, **kwargs)
        self.case = case


def next_tracking_number(office: Office, year: int) -> str:
    counter, _created = CaseCounter.objects.get_or_create(office=office, year=year)
    counter = CaseCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return office.case_tracking_number(year, counter.last)


def case_submit(
    *,
    acting: Membership,
    category: Category,
    urgency: str,
    title: str,
    description: str,
    attachments: list | None = None,
    idempotency_key: str = "",
) -> SubmitResult:
    """A village official submits a problem. The same idempotency key from the same person
    returns the case made the first time instead of a second one; the same key with another
    problem (title, description, category or urgency) is refused, never answered with the
    first case."""
    if not policy.can_submit_case(acting):
        raise NotAllowed(_("Only village officials submit cases."))
    actor = acting.user
    key = (idempotency_key or "").strip()[:64]
    if key:
        existing = Case.objects.filter(submitted_by=actor, idempotency_key=key).first()
        if existing is not None:
            return _replay(acting, existing, category, urgency, title, description, attachments)
    if category.office_id != acting.office_id or not category.is_active:
        raise DomainError(_("Choose a category of your sub-district."), field="category")
    if urgency not in Urgency.values:
        raise DomainError(_("Choose an urgency."), field="urgency")
    check_length(description, "description")
    try:
        with transaction.atomic():
            case = _create_case(
                acting=acting,
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
            return _replay(acting, existing, category, urgency, title, description, attachments)
        raise
    return SubmitResult(case, True)


def _replay(acting, existing: Case, category, urgency, title, description, attachments):
    """The same submission again (its answer was lost on the way). Files it carries that the
    first one did not bring (the same name and size count as the same file) are added to
    the case, so a resubmission after a dropped connection loses nothing."""
    same = (
        existing.category_id == category.pk
        and existing.urgency == urgency
        and existing.title == title.strip()
        and existing.description == description.strip()
    )
    if not same:
        raise KeyReused(
            _(
                "A case with different content was already submitted with this idempotency "
                "key. Reload the form (or use a new key) to submit another case."
            ),
            case=existing,
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=existing.pk)
        have = set(case.attachments.values_list("original_name", "size"))
        # a closed case takes no more files this way (its page says what may still be added)
        new = (
            []
            if case.is_closed
            else [f for f in attachments or [] if (f.name[:200], f.size) not in have]
        )
        if new:
            stored = store_attachments(case, new, acting.user)
            audit(case, acting.user, "attachments_added", files=[a.original_name for a in stored])
    return SubmitResult(case, False, files_added=len(new))


def _create_case(*, acting, category, urgency, title, description, attachments, key):
    now = clock.now()
    office, actor = acting.office, acting.user
    verify_days, _answer = sla_days(office=office, category=category, urgency=urgency)
    case = Case.objects.create(
        office=office,
        tracking_number=next_tracking_number(office, timezone.localtime(now).year),
        village=acting.village,
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
    store_attachments(case, attachments, actor)
    entry = audit(
        case,
        actor,
        "submitted",
        status=case.status,
        category=category.pk,
        urgency=urgency,
        section=case.section_id,
        description=case.description,
    )
    tell(
        case,
        scope.office_leaders(case.office_id),
        entry,
        msg(gettext_lazy("new case from %(village)s"), village=str(case.village)),
        actor=actor,
    )
    return case


@transaction.atomic
def case_open_for_village(
    *,
    acting: Membership,
    village: Village,
    category: Category,
    urgency: str,
    title: str,
    description: str,
    origin: str = Origin.ASPIRATION,
) -> Case:
    """The camat or a secretary opens a case for a village from what the office received
    another way (a citizen's aspiration). The office has read it already, so the case starts
    verified, with its answer deadline running; the village sees it among its cases and
    confirms the answer like any other. The person who opened it is its submitter."""
    if not policy.can_open_case_for_village(acting, village):
        raise NotAllowed(_("Only the camat or a secretary opens a case for a village."))
    if category.office_id != village.office_id or not category.is_active:
        raise DomainError(_("Choose a category of your sub-district."), field="category")
    if urgency not in Urgency.values:
        raise DomainError(_("Choose an urgency."), field="urgency")
    if origin not in Origin.values or origin == Origin.VILLAGE:
        raise DomainError(_("Say where the case comes from."), field="origin")
    if not title.strip():
        raise DomainError(_("Give the case a title."), field="title")
    check_length(description, "description")
    now, office, actor = clock.now(), village.office, acting.user
    _verify, answer_days = sla_days(office=office, category=category, urgency=urgency)
    case = Case.objects.create(
        office=office,
        tracking_number=next_tracking_number(office, timezone.localtime(now).year),
        village=village,
        submitted_by=actor,
        category=category,
        urgency=urgency,
        title=title.strip()[:200],
        description=description.strip(),
        section=category.default_section,
        status=Status.VERIFIED,
        origin=origin,
        submitted_at=now,
        verified_at=now,
        response_due=WorkCalendar(office).deadline(now, answer_days),
    )
    entry = audit(
        case,
        actor,
        "opened",
        status=case.status,
        origin=origin,
        village=village.pk,
        category=category.pk,
        urgency=urgency,
        section=case.section_id,
        description=case.description,
    )
    tell(
        case,
        scope.village_officials(village.pk),
        entry,
        gettext_lazy("a case opened by the sub-district from a citizen's aspiration"),
        actor=actor,
    )
    return case


@transaction.atomic
def case_resubmit(
    *, acting: Membership, case: Case, description: str, attachments: list | None = None
) -> Case:
    """The village answers a return with more information; the verification clock restarts."""
    begin(acting, "resubmit", case)
    check_length(description, "description")
    old, now, actor = case.status, clock.now(), acting.user
    verify_days, _answer = sla_days(
        office=case.office, category=case.category, urgency=case.urgency
    )
    # Nothing a village sends is lost: the history keeps every version of the description.
    previous = case.description
    case.description = description.strip() or case.description
    case.status = Status.SUBMITTED
    case.paused_at = None
    case.verify_due = calendar(case).deadline(now, verify_days)
    case.overdue_since = None
    case.save()
    store_attachments(case, attachments, actor)
    entry = audit(case, actor, "resubmitted", old, description=case.description, previous=previous)
    tell(
        case,
        scope.office_leaders(case.office_id),
        entry,
        gettext_lazy("resubmitted with more information"),
        actor=actor,
    )
    return case
