"""Every write to village reports: one service per step of `workflow.STEPS`, the default
obligation types of a new office, and the reminders the scheduler sends.

Each step is atomic, takes one keyword-only `acting` membership, locks the report row (or,
for a report not written yet, takes the lock when it creates it), then checks rights
(NotAllowed → 403) and state (InvalidState → 409) through the report policy, then the input
(DomainError → 400), writes an audit entry (`village_reports.submission.<verb>`) and tells
the people concerned once the transaction commits (mail through the outbox).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError
from apps.core.uploads import store_documents
from apps.notifications.services import notify
from apps.offices.audit import audit_record
from apps.offices.calendar import WorkCalendar
from apps.offices.models import AuditLog, Office, Section
from apps.offices.services import masterdata_create_many, masterdata_save

from . import defaults, periods, policy
from .models import FigureSpec, FigureValue, ObligationType, Submission, SubmissionFile
from .workflow import SENT_STATES, STEPS, Status

NOTE_LIMIT = 2000


# --- the default obligations of a new office -----------------------------------------------------


def _obligation_plan(sections: dict, known: set[str]):
    """What `obligation_types_seed` adds to an office with these `sections` (by short name)
    and these obligation codes `known`: (values of the obligation, [(values of a figure,
    code of the figure it may not exceed or None)])."""
    starts_on = dt.date(clock.today().year, 1, 1)
    for order, row in enumerate(defaults.OBLIGATIONS, start=1):
        code, name, section, period, only, days, anchor, file_required, legal, figures = row
        if code in known or section not in sections:
            continue
        values = {
            "code": code,
            "name": name,
            "section": sections[section],
            "period": period,
            "only_period": only,
            "deadline_days": days,
            "deadline_anchor": anchor,
            "file_required": file_required,
            "legal_note": legal,
            "starts_on": starts_on,
            "order": order,
            "is_active": True,
        }
        specs = [
            (
                {
                    "code": fcode,
                    "name": fname,
                    "unit": unit,
                    "min_value": None if low is None else Decimal(low),
                    "max_value": None if high is None else Decimal(high),
                    "required": required,
                    "order": position,
                },
                at_most,
            )
            for position, (fcode, fname, unit, low, high, at_most, required) in enumerate(
                figures, 1
            )
        ]
        yield values, specs


def obligation_types_seed(*, office: Office, actor=None) -> int:
    """Add the default obligation types (`defaults.OBLIGATIONS`) the office lacks, owed from
    the first of January of this year. Idempotent by code: what exists stays as the admin
    left it. Runs at the end of `office_setup` (registered in AppConfig.ready)."""
    sections = {s.short_name: s for s in office.sections.all()}
    known = set(office.obligation_types.values_list("code", flat=True))
    created = 0
    for values, specs in _obligation_plan(sections, known):
        obligation = masterdata_save(
            actor=actor, office=office, instance=ObligationType(), values=values
        )
        made = {}
        for figure, at_most in specs:
            made[figure["code"]] = masterdata_save(
                actor=actor,
                office=office,
                instance=FigureSpec(),
                values={"obligation": obligation, **figure, "at_most": made.get(at_most)},
            )
        created += 1
    return created


def obligation_types_seed_many(*, offices: list[Office], actor=None) -> None:
    """`obligation_types_seed` for many new offices at once (the bulk set-up of offices)."""
    sections = defaultdict(dict)
    for section in Section.objects.filter(office__in=offices):
        sections[section.office_id][section.short_name] = section
    known = defaultdict(set)
    for office_id, code in ObligationType.objects.filter(office__in=offices).values_list(
        "office_id", "code"
    ):
        known[office_id].add(code)
    plans = [
        (office, values, specs)
        for office in offices
        for values, specs in _obligation_plan(sections[office.pk], known[office.pk])
    ]
    obligations = masterdata_create_many(
        actor=actor,
        items=[(office, ObligationType(), values) for office, values, _specs in plans],
    )
    # A figure that may not exceed another is made after it (it points to it).
    made: dict[tuple[int, str], FigureSpec] = {}
    pending = [
        (office, obligation, figure, at_most)
        for (office, _values, specs), obligation in zip(plans, obligations, strict=True)
        for figure, at_most in specs
    ]
    while pending:
        ready, later = [], []
        for p in pending:
            (ready if p[3] is None or (p[1].pk, p[3]) in made else later).append(p)
        if not ready:
            raise ValueError("a default figure may not exceed one that does not exist")
        pending = later
        figures = masterdata_create_many(
            actor=actor,
            items=[
                (
                    office,
                    FigureSpec(),
                    {
                        "obligation": obligation,
                        **figure,
                        "at_most": made.get((obligation.pk, at_most)) if at_most else None,
                    },
                )
                for office, obligation, figure, at_most in ready
            ],
        )
        made.update({(f.obligation_id, f.code): f for f in figures})


# --- what a step shares --------------------------------------------------------------------------


def _lock(submission: Submission) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in Submission._meta.concrete_fields}
    )
    return submission


def _tell(submission: Submission, recipients, entry: AuditLog, title, body: str = "", actor=None):
    """Notify everyone concerned but the person who acted, once per audited event, in the
    product's language (Indonesian) whatever language the actor chose."""
    people = [p for p in recipients if p is not None and (actor is None or p.pk != actor.pk)]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title)
        label = periods.period_label(submission.obligation.period, submission.period_start)
    notify(
        recipients=people,
        office=submission.office,
        title=f"{submission.obligation.name} {label} · {submission.village}: {title}",
        body=body,
        url=reverse("village_reports:detail", args=[submission.pk]),
        dedupe=f"report:{submission.pk}:audit:{entry.pk}",
    )


def _audit(submission: Submission, actor, verb: str, old_status: str | None, **new) -> AuditLog:
    values = dict(new)
    changed = old_status is not None and old_status != submission.status
    if changed or old_status is None:
        values["status"] = submission.status
    return audit_record(
        actor=actor,
        office=submission.office,
        action=f"village_reports.submission.{verb}",
        target=submission,
        old={"status": old_status} if changed else {},
        new=values,
    )


def _reviewers(obligation: ObligationType) -> list:
    """The reviewing section's officers; the camat and secretaries where it has none."""
    return scope.section_officers(obligation.section_id) or scope.office_leaders(
        obligation.office_id
    )


def _check_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise DomainError(
            _("Shorten this text to %(limit)s characters (it has %(count)s).")
            % {"limit": NOTE_LIMIT, "count": len(note)},
            field=field,
        )
    return note


def figure_field(code: str) -> str:
    """The form (and API error) field of a figure."""
    return f"figure_{code}"


def _check_figures(
    specs: list[FigureSpec], figures: dict, *, complete: bool
) -> dict[int, Decimal | None]:
    """Validate the numbers by the obligation's rules: each within its limits, none above the
    figure it may not exceed (stunting ≤ measured), and on submission every required one."""
    by_code = {spec.code: spec for spec in specs}
    unknown = set(figures) - set(by_code)
    if unknown:
        raise DomainError(
            _("This report has no figure “%(code)s”.") % {"code": sorted(unknown)[0]},
            field="figures",
        )
    values: dict[str, Decimal | None] = {}
    for spec in specs:
        raw = figures.get(spec.code)
        value = None if raw in (None, "") else Decimal(str(raw))
        field = figure_field(spec.code)
        if value is None:
            if complete and spec.required:
                raise DomainError(_("Fill in “%(name)s”.") % {"name": spec.name}, field=field)
        elif spec.min_value is not None and value < spec.min_value:
            raise DomainError(
                _("“%(name)s” cannot be less than %(limit)s.")
                % {"name": spec.name, "limit": _number(spec.min_value)},
                field=field,
            )
        elif spec.max_value is not None and value > spec.max_value:
            raise DomainError(
                _("“%(name)s” cannot be more than %(limit)s.")
                % {"name": spec.name, "limit": _number(spec.max_value)},
                field=field,
            )
        values[spec.code] = value
    for spec in specs:
        ceiling = by_code.get(spec.at_most.code) if spec.at_most_id else None
        if ceiling is None:
            continue
        value, limit = values[spec.code], values[ceiling.code]
        if value is not None and limit is not None and value > limit:
            raise DomainError(
                _("“%(name)s” cannot be more than “%(other)s” (%(limit)s).")
                % {"name": spec.name, "other": ceiling.name, "limit": _number(limit)},
                field=figure_field(spec.code),
            )
    return {by_code[code].pk: value for code, value in values.items()}


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _check_period(obligation: ObligationType, period_start: dt.date) -> None:
    if not obligation.is_active:
        raise DomainError(_("This obligation is no longer in use."), field="period")
    if not periods.is_period_start(obligation.period, period_start) or not periods.owed(
        obligation, period_start
    ):
        raise DomainError(_("Villages do not owe this report for that period."), field="period")
    if period_start > clock.today():
        raise DomainError(_("This period has not started yet."), field="period")


def _store_files(submission: Submission, uploads, actor) -> list[SubmissionFile]:
    return store_documents(SubmissionFile, uploads, uploaded_by=actor, submission=submission)


def _write(
    *,
    acting: Membership,
    step: str,
    obligation: ObligationType,
    period_start: dt.date,
    figures: dict,
    files: list | None,
    note: str,
) -> tuple[Submission, str | None, dict]:
    """Lock (or create) the village's report for the period, check the step, and write its
    content. Returns the report, its status before, and the values for the audit entry."""
    village_id = acting.village_id if acting is not None else None
    found = (
        Submission.objects.select_for_update()
        .filter(obligation=obligation, village_id=village_id, period_start=period_start)
        .first()
    )
    policy.report_require(acting, step, found, obligation=obligation, village_id=village_id)
    _check_period(obligation, period_start)
    note = _check_note(note)
    specs = list(obligation.figures.select_related("at_most"))
    complete = step == "submit"
    values = _check_figures(specs, figures or {}, complete=complete)
    no_file_yet = found is None or not found.files.exists()
    if complete and obligation.file_required and not files and no_file_yet:
        raise DomainError(_("Attach the report document."), field="files")
    if found is None:
        calendar = WorkCalendar(obligation.office)
        try:
            with transaction.atomic():
                found = Submission.objects.create(
                    office_id=obligation.office_id,
                    obligation=obligation,
                    village_id=village_id,
                    period_start=period_start,
                    due_date=periods.due_date(obligation, period_start, calendar),
                    created_at=clock.now(),
                )
        except IntegrityError:  # the same village's other device made it a moment ago
            found = Submission.objects.select_for_update().get(
                obligation=obligation, village_id=village_id, period_start=period_start
            )
        old = None
    else:
        old = found.status
    found.obligation = obligation
    found.office = obligation.office
    found.note = note
    existing = {fv.spec_id: fv for fv in found.values.all()}
    for spec_id, value in values.items():
        current = existing.get(spec_id)
        if value is None:
            if current is not None:
                current.delete()
        elif current is None:
            FigureValue.objects.create(submission=found, spec_id=spec_id, value=value)
        elif current.value != value:
            current.value = value
            current.save(update_fields=["value"])
    stored = _store_files(found, files, acting.user)
    codes = {spec.pk: spec.code for spec in specs}
    audit_values = {
        "period": period_start,
        "figures": {codes[pk]: None if v is None else str(v) for pk, v in values.items()},
        "note": note,
    }
    if stored:
        audit_values["files"] = [item.original_name for item in stored]
    return found, old, audit_values


# --- the steps -----------------------------------------------------------------------------------


@transaction.atomic
def report_save_draft(
    *,
    acting: Membership,
    obligation: ObligationType,
    period_start: dt.date,
    figures: dict | None = None,
    files: list | None = None,
    note: str = "",
) -> Submission:
    """Keep what the village has filled in so far; nobody is told. Drafts may be incomplete."""
    submission, old, values = _write(
        acting=acting,
        step="save",
        obligation=obligation,
        period_start=period_start,
        figures=figures or {},
        files=files,
        note=note,
    )
    if old is None:
        submission.status = Status.DRAFT
    submission.save()
    _audit(submission, acting.user, "saved", old, **values)
    return submission


@transaction.atomic
def report_submit(
    *,
    acting: Membership,
    obligation: ObligationType,
    period_start: dt.date,
    figures: dict | None = None,
    files: list | None = None,
    note: str = "",
) -> Submission:
    """Send the report to the reviewing section: every required figure filled in, within its
    limits, and the document when the obligation asks for one. A returned report goes back
    the same way; it keeps the day it first arrived (on time or late)."""
    submission, old, values = _write(
        acting=acting,
        step="submit",
        obligation=obligation,
        period_start=period_start,
        figures=figures or {},
        files=files,
        note=note,
    )
    now = clock.now()
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.on_time = timezone.localdate(now) <= submission.due_date
    submission.status = Status.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by = acting.user
    submission.save()
    again = old == Status.RETURNED
    entry = _audit(
        submission,
        acting.user,
        "resubmitted" if again else "submitted",
        old or Status.DRAFT,
        on_time=submission.on_time,
        **values,
    )
    _tell(
        submission,
        _reviewers(obligation),
        entry,
        gettext_lazy("corrected and submitted again") if again else gettext_lazy("submitted"),
        submission.note,
        actor=acting.user,
    )
    return submission


def _review(acting: Membership, step: str, submission: Submission, note: str) -> str:
    _lock(submission)
    policy.report_require(acting, step, submission)
    note = _check_note(note)
    old = submission.status
    submission.reviewed_at = clock.now()
    submission.reviewed_by = acting.user
    submission.review_note = note
    return old


@transaction.atomic
def report_accept(*, acting: Membership, submission: Submission, note: str = "") -> Submission:
    old = _review(acting, "accept", submission, note)
    submission.status = Status.ACCEPTED
    submission.save()
    entry = _audit(submission, acting.user, "accepted", old, note=submission.review_note)
    _tell(
        submission,
        scope.village_officials(submission.village_id),
        entry,
        gettext_lazy("accepted"),
        submission.review_note,
        actor=acting.user,
    )
    return submission


@transaction.atomic
def report_return(*, acting: Membership, submission: Submission, note: str) -> Submission:
    old = _review(acting, "return", submission, note)
    if not submission.review_note:
        raise DomainError(_("Say what the village must correct."), field="note")
    submission.status = Status.RETURNED
    submission.save()
    entry = _audit(submission, acting.user, "returned", old, note=submission.review_note)
    _tell(
        submission,
        scope.village_officials(submission.village_id),
        entry,
        gettext_lazy("returned for correction"),
        submission.review_note,
        actor=acting.user,
    )
    return submission


def report_review(*, step: str, acting: Membership, submission: Submission, note: str = ""):
    """Take a review step by name (`accept` or `return`): the one entry the page and the API
    share."""
    if step not in ("accept", "return"):
        raise KeyError(step)
    return globals()[STEPS[step].service](acting=acting, submission=submission, note=note)


# --- reminders and escalation (the scheduler) ----------------------------------------------------

REMIND_DAYS = (7, 1)  # days before the deadline
ESCALATE_WITHIN = 7  # days after the deadline in which an overdue period is escalated once


def reports_remind(*, now: dt.datetime | None = None) -> int:
    """Remind villages that have not sent a report 7 days and 1 day before its deadline, and
    once it is overdue tell them and the reviewing section and the camat (once per
    obligation and period). Each reminder has its own name, so running twice sends nothing
    twice. Returns how many people were told."""
    now = now or clock.now()
    today = timezone.localdate(now)
    told = 0
    with translation.override(settings.LANGUAGE_CODE):  # a task: the product's language
        for office in Office.objects.filter(is_active=True):
            told += _remind_office(office, today)
    return told


def _remind_office(office: Office, today: dt.date) -> int:
    calendar = WorkCalendar(office)
    villages = list(office.villages.order_by("name"))
    obligations = office.obligation_types.filter(is_active=True).select_related("section")
    told = 0
    for obligation in obligations:
        first = periods.add_months(periods.period_start_of(obligation.period, today), -15)
        for start in periods.periods_between(obligation, first, today):
            due = periods.due_date(obligation, start, calendar)
            left = (due - today).days
            if 1 < left <= REMIND_DAYS[0]:
                kind = "7"
            elif 0 <= left <= REMIND_DAYS[1]:
                kind = "1"
            elif -ESCALATE_WITHIN <= left < 0:
                kind = "overdue"
            else:
                continue
            sent = set(
                Submission.objects.filter(
                    obligation=obligation, period_start=start, status__in=SENT_STATES
                ).values_list("village_id", flat=True)
            )
            missing = [v for v in villages if v.pk not in sent]
            if missing:
                told += _remind(office, obligation, start, due, kind, missing)
    return told


def _remind(office, obligation, start, due, kind, missing) -> int:
    label = periods.period_label(obligation.period, start)
    day = f"{due:%d-%m-%Y}"
    url = reverse("village_reports:due")
    told = 0
    if kind == "overdue":
        title = _("Report overdue: %(name)s %(period)s (deadline %(day)s)")
    else:
        title = _("Reminder: %(name)s %(period)s is due on %(day)s")
    title = title % {"name": obligation.name, "period": label, "day": day}
    with transaction.atomic():
        for village in missing:
            told += notify(
                recipients=scope.village_officials(village.pk),
                office=office,
                title=title,
                body=_("Send it from the village reports page of RUKO PARSEL."),
                url=url,
                dedupe=f"report-reminder:{obligation.pk}:{start}:{village.pk}:{kind}",
            )
        if kind == "overdue":
            names = ", ".join(str(v) for v in missing)
            told += notify(
                recipients=[
                    *scope.section_officers(obligation.section_id),
                    *scope.office_leaders(office.pk),
                ],
                office=office,
                title=_("%(count)s villages have not sent %(name)s %(period)s")
                % {"count": len(missing), "name": obligation.name, "period": label},
                body=names,
                url=reverse("village_reports:matrix")
                + f"?obligation={obligation.pk}&year={start.year}",
                dedupe=f"report-overdue:{obligation.pk}:{start}",
            )
    return told
