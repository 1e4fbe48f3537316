"""Work the scheduler does on cases: flag the overdue, and the camat's daily digest."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import policy as scope
from apps.core import clock
from apps.notifications.services import notify
from apps.offices.audit import audit_record
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Office

from ..models import AWAITING_ANSWER, Case
from ..selectors import overdue_q
from ._common import msg, tell


def day(moment) -> str:
    """A day as the pages write it ("6 Jan 2026"), in the language of the text it goes in."""
    local = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return lazy(date_format, str)(local, "DATE_FORMAT")


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
            deadline = case.current_deadline
            entry = audit_record(
                actor=None,
                office=case.office,
                action="cases.case.overdue",
                target=case,
                new={"status": case.status, "deadline": deadline},
            )
            tell(
                case,
                [*scope.office_leaders(case.office_id), *scope.section_officers(case.section_id)],
                entry,
                msg(gettext_lazy("overdue since %(date)s"), date=day(deadline)),
            )
        count += 1
    return count


def camat_digest_send(*, now: datetime | None = None) -> int:
    """One e-mail a day to each camat: what is overdue and what is due tomorrow."""
    now = now or clock.now()
    today = timezone.localtime(now).date()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):  # a task: the product's language
        for office in Office.objects.filter(is_active=True):
            sent += _digest_for(office, now=now, today=today)
    return sent


def _digest_for(office: Office, *, now, today) -> int:
    heads = scope.office_heads(office.pk)
    if not heads:
        return 0
    tomorrow = WorkCalendar(office).add_working_days(today, 1)
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
        return notify(
            recipients=heads,
            office=office,
            title=_("RUKO PARSEL daily digest %(date)s: %(overdue)s overdue, %(due)s due tomorrow")
            % {"date": day(today), "overdue": len(overdue), "due": len(due_tomorrow)},
            body=body,
            url=reverse("cases:list") + "?overdue=1",
            dedupe=f"digest:{office.pk}:{today:%Y%m%d}",
        )
