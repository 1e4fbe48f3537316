"""Notifications: in-app rows and outbox e-mail, written with the change they report."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F

from apps.core import clock

from .models import Notification, OutboxEmail, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)  # 1, 2, 4, 8 … minutes, capped below
BACKOFF_CAP = timedelta(hours=6)


def notify(
    *,
    recipients: Iterable,
    title: str,
    body: str = "",
    url: str = "",
    office=None,
    dedupe: str,
    email: bool = True,
    attachment: Attachment | None = None,
) -> int:
    """Tell each recipient in the app and, where they have an address, by e-mail.

    `dedupe` names the event (e.g. `case:42:answered:3`): the same event never produces two
    e-mails to one person. Call inside the service's transaction: the rows commit or roll
    back with the change, and delivery is queued on commit.
    """
    people = {person.pk: person for person in recipients if person is not None}
    if not people:
        return 0
    # A title is one line that fits its column (and a mail header), whatever text it quotes.
    title = fit(title, Notification._meta.get_field("title").max_length)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=p, office=office, title=title, body=body, url=url, dedupe_key=dedupe[:200]
            )
            for p in people.values()
        ],
        ignore_conflicts=True,
    )
    if email:
        for pk, person in people.items():
            if person.email and person.is_active:
                email_queue(
                    to=person.email,
                    subject=title,
                    body=f"{body}\n\n{absolute_url(url)}".strip() if url else body,
                    dedupe=f"{dedupe}:{pk}",
                    attachment=attachment,
                )
    return len(people)


@dataclass(frozen=True)
class Attachment:
    """A small text file sent with a mail (an .ics invitation): kept in the outbox row."""

    name: str
    content_type: str
    content: str


def email_queue(
    *, to: str, subject: str, body: str, dedupe: str, attachment: Attachment | None = None
) -> bool:
    """Write one e-mail to the outbox, to be sent by a task once the transaction commits
    (retried with back-off, never twice). `dedupe` names the event: the same key never
    queues a second copy. The one path every mail of RUKO PARSEL takes."""
    created = OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(
                dedupe_key=dedupe[:200],
                to=to,
                subject=fit(subject, OutboxEmail._meta.get_field("subject").max_length),
                body=body,
                next_attempt_at=clock.now(),
                attachment_name=attachment.name if attachment else "",
                attachment_type=attachment.content_type if attachment else "",
                attachment_content=attachment.content if attachment else "",
            )
        ],
        ignore_conflicts=True,
    )
    if created:
        transaction.on_commit(_enqueue_delivery)
    return bool(created)


def fit(text: str, limit: int) -> str:
    """One line of at most `limit` characters: line breaks and runs of spaces become one
    space, and a cut text ends with an ellipsis."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def absolute_url(path: str) -> str:
    """E-mail needs the full address: RUKO_BASE_URL in front of a path."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.RUKO_BASE_URL.rstrip("/") + path


def _enqueue_delivery():
    from .tasks import deliver_outbox

    try:
        deliver_outbox.enqueue()
    except Exception:  # noqa: BLE001 - the periodic run picks the mail up anyway
        logger.exception("could not enqueue outbox delivery")


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def outbox_deliver(*, limit: int = 100) -> dict[str, int]:
    """Send what is due. Each message is claimed (pending → sending) by one conditional
    UPDATE before it is sent, so two workers never send the same message."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    now = clock.now()
    due = list(
        OutboxEmail.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        claimed = OutboxEmail.objects.filter(pk=pk, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.SENDING, attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        message = OutboxEmail.objects.get(pk=pk)
        try:
            mail = EmailMessage(message.subject, message.body, to=[message.to])
            if message.attachment_name:
                mail.attach(
                    message.attachment_name, message.attachment_content, message.attachment_type
                )
            mail.send()
        except Exception as error:  # noqa: BLE001 - any delivery failure is retried
            failed = message.attempts >= MAX_ATTEMPTS
            OutboxEmail.objects.filter(pk=pk).update(
                status=OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
                next_attempt_at=clock.now() + backoff(message.attempts),
                last_error=f"{error.__class__.__name__}: {error}"[:2000],
            )
            counts["failed" if failed else "retry"] += 1
        else:
            OutboxEmail.objects.filter(pk=pk).update(
                status=OutboxStatus.SENT, sent_at=clock.now(), last_error=""
            )
            counts["sent"] += 1
    return counts


def outbox_mark_interrupted(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """A worker that died while sending leaves a message in `sending`. Whether the SMTP
    server took it is unknown, so it is not retried (that could send it twice): it is marked
    failed for an admin to look at."""
    return OutboxEmail.objects.filter(
        status=OutboxStatus.SENDING, next_attempt_at__lt=clock.now() - older_than
    ).update(status=OutboxStatus.FAILED, last_error="interrupted while sending")


@transaction.atomic
def notifications_mark_read(*, user, pks: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        # An id past 64 bits names nothing (and must not overflow the database).
        qs = qs.filter(pk__in=[pk for pk in pks if 0 < pk < 2**63])
    return qs.update(read_at=clock.now())


def outbox_discard(*, recipient_domain: str) -> int:
    """Drop unsent e-mail to one domain (the demo's invented addresses): demo history is
    written back-dated and must not reach anyone."""
    return OutboxEmail.objects.filter(
        to__iendswith=f"@{recipient_domain}", status=OutboxStatus.PENDING
    ).delete()[0]
