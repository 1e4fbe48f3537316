"""What every case service shares: taking the row lock and checking the step, the audit entry,
and telling the people concerned."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core.errors import DomainError
from apps.core.uploads import store_documents
from apps.notifications.services import notify
from apps.offices.audit import audit_record
from apps.offices.calendar import END_OF_DAY, WorkCalendar
from apps.offices.models import AuditLog

from .. import policy
from ..models import TEXT_LIMITS, Attachment, Case


def check_length(value: str, kind: str, field: str | None = None) -> str:
    """Refuse text longer than `TEXT_LIMITS[kind]`, from any door (page or API)."""
    limit = TEXT_LIMITS[kind]
    if len(value or "") > limit:
        raise DomainError(
            _("Shorten this text to %(limit)s characters (it has %(count)s).")
            % {"limit": limit, "count": len(value)},
            field=field or kind,
        )
    return value


def lock(case: Case) -> Case:
    """Re-read the case under a row lock so two people cannot move it at once."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in Case._meta.concrete_fields}
    )
    return case


def begin(acting: Membership, step: str, case: Case) -> Case:
    """Lock the row, re-read it, then check the person's rights and the case's state: the
    order that makes a step safe against a concurrent one (a re-disposition, a confirmation)."""
    lock(case)
    policy.case_require(acting, step, case)
    return case


def audit(case: Case, actor, verb: str, old_status: str | None = None, **new) -> AuditLog:
    values = dict(new)
    changed = old_status is not None and old_status != case.status
    if changed:
        values["status"] = case.status
    return audit_record(
        actor=actor,
        office=case.office,
        action=f"cases.case.{verb}",
        target=case,
        old={"status": old_status} if changed else {},
        new=values,
    )


def case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def msg(text, **params):
    """A notification text translated when it is sent, not in the actor's language."""
    return lazy(lambda: str(text) % params, str)()


def tell(case: Case, recipients, entry: AuditLog, title, body: str = "", actor=None) -> None:
    """Notify everyone concerned but the person who acted, once per audited event.
    Notifications and e-mail are in the product's language (Indonesian), whatever language
    the acting person has chosen."""
    people = [p for p in recipients if p is not None and (actor is None or p.pk != actor.pk)]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title)
    notify(
        recipients=people,
        office=case.office,
        title=f"{case.tracking_number}: {title}",
        body=body or case.title,
        url=case_url(case),
        dedupe=f"case:{case.pk}:audit:{entry.pk}",
    )


def calendar(case: Case) -> WorkCalendar:
    return WorkCalendar(case.office)


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def store_attachments(case, uploads, actor) -> list[Attachment]:
    return store_documents(Attachment, uploads, uploaded_by=actor, case=case)
