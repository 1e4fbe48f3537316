"""Notifications: in-app rows and outbox e-mail, written with the change they report."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction

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


# How long a worker holds a message it claimed. The SMTP conversation of one message ends
# within the backend's timeout (10 s); a claim still open after this time belongs to a worker
# that died, and the message is sent again.
LEASE = timedelta(minutes=5)


def message_id(message: OutboxEmail) -> str:
    """The Message-ID of one outbox row, the same on every attempt: a copy sent again after
    a worker died mid-conversation carries the Message-ID of the first, so mail programs that
    collapse duplicates (Gmail, Thunderbird, most MTAs' duplicate filters) show it once."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "ruko.localhost"
    return f"<outbox.{message.pk}.{int(message.created_at.timestamp())}@{domain}>"


def _email_for(message: OutboxEmail) -> EmailMessage:
    mail = EmailMessage(
        message.subject, message.body, to=[message.to], headers={"Message-ID": message_id(message)}
    )
    if message.attachment_name:
        mail.attach(message.attachment_name, message.attachment_content, message.attachment_type)
    return mail


def outbox_deliver(*, limit: int = 100) -> dict[str, int]:
    """Send what is due over one SMTP connection.

    Each message is claimed by one conditional UPDATE (status and attempt count as read), which
    also sets a lease: two workers never hold the same message, and a message whose worker
    died (killed, out of memory, the machine restarted) comes back when its lease runs out and
    is sent again with the same Message-ID. A message is marked sent right after the server
    accepted it, on a connection kept open for the batch (no QUIT in between): a copy can be
    sent twice only when the worker dies in the moment between the server's "250 OK" to the
    message and that UPDATE, and then both copies carry one Message-ID. Nothing is lost.
    """
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = list(
        OutboxEmail.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING],
            next_attempt_at__lte=clock.now(),
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", "status", "attempts")[:limit]
    )
    if not due:
        return counts
    connection = mailers.default
    unreachable = None  # the server refused the connection: the rest of the batch waits too
    try:
        for pk, status, attempts in due:
            claim = {
                "status": OutboxStatus.SENDING,
                "attempts": attempts + 1,
                "next_attempt_at": clock.now() + LEASE,
            }
            if status == OutboxStatus.SENDING:
                claim["last_error"] = "interrupted while sending: sent again, same Message-ID"
            claimed = OutboxEmail.objects.filter(
                pk=pk, status=status, attempts=attempts, next_attempt_at__lte=clock.now()
            ).update(**claim)
            if not claimed:
                continue  # another worker took it
            message = OutboxEmail.objects.get(pk=pk)
            try:
                if unreachable is not None:
                    raise unreachable
                try:
                    connection.open()  # once per batch; again after a failure closed it
                except OSError as error:
                    unreachable = error  # not one connection timeout per message
                    raise
                connection.send_messages([_email_for(message)])
            except Exception as error:  # noqa: BLE001 - any delivery failure is retried
                _close_quietly(connection)
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
    finally:
        _close_quietly(connection)
    return counts


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a broken connection is closed either way
        logger.debug("closing the SMTP connection failed", exc_info=True)


def outbox_mark_interrupted() -> int:
    """A message whose worker died on its last allowed attempt is not tried again: once its
    lease has run out it is marked failed for an admin to look at."""
    return OutboxEmail.objects.filter(
        status=OutboxStatus.SENDING,
        next_attempt_at__lt=clock.now(),
        attempts__gte=MAX_ATTEMPTS,
    ).update(status=OutboxStatus.FAILED, last_error="interrupted while sending, attempts used up")


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
