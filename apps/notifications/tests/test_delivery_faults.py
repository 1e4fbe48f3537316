"""Faults on the way out: the SMTP server down for a while, a worker killed while it sends.
Nothing is lost; a message reaches the server once, except when the worker dies in the moment
between the server's acceptance and the outbox's record of it, and then both copies carry the
same Message-ID (at-least-once, deduplicated by Message-ID)."""

import datetime as dt
import os
import signal
from collections import Counter

import pytest
from django.db import transaction

from apps.core import clock
from apps.notifications.models import OutboxEmail, OutboxStatus
from apps.notifications.services import LEASE, notify, outbox_deliver
from tests_support.processes import SharedDatabase, manage, manage_run
from tests_support.smtp import SmtpSink, free_port


def _smtp_at(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }


@pytest.mark.django_db
def test_while_smtp_is_down_every_message_waits_with_growing_back_off_then_arrives_once(
    settings, users
):
    port = free_port()
    _smtp_at(settings, port)
    people = [users[name] for name in ("camat", "sekcam", "pmd")]
    for person in people:
        person.email = f"{person.username}@example.go.id"
        person.save(update_fields=["email"])
    for n in range(4):
        notify(recipients=people, title=f"Pemberitahuan {n}", body="Isi", dedupe=f"down:{n}")
    assert OutboxEmail.objects.count() == 12

    # Two rounds with the server down: every message is tried, kept, and scheduled again,
    # the second wait twice as long as the first.
    moment = clock.now()
    waits = []
    for round_ in (1, 2):
        with clock.frozen(moment):
            assert outbox_deliver() == {"sent": 0, "retry": 12, "failed": 0}
        messages = list(OutboxEmail.objects.all())
        assert {(m.status, m.attempts) for m in messages} == {(OutboxStatus.PENDING, round_)}
        assert all("Connection" in m.last_error for m in messages)
        waits.append(min(m.next_attempt_at for m in messages) - moment)
        moment = max(m.next_attempt_at for m in messages) + dt.timedelta(seconds=1)
    assert waits[0] >= dt.timedelta(minutes=1) and waits[1] >= 2 * waits[0]

    sink = SmtpSink(port=port)
    sink.start()
    try:
        with clock.frozen(moment):
            assert outbox_deliver() == {"sent": 12, "retry": 0, "failed": 0}
            assert outbox_deliver() == {"sent": 0, "retry": 0, "failed": 0}
        with clock.frozen(moment + LEASE * 10):
            assert outbox_deliver() == {"sent": 0, "retry": 0, "failed": 0}
    finally:
        sink.stop()
    assert len(sink.messages) == 12
    ids = Counter(m["Message-ID"] for m in sink.messages)
    assert len(ids) == 12 and set(ids.values()) == {1}
    assert Counter((m["To"], m["Subject"]) for m in sink.messages) == Counter(
        {(p.email, f"Pemberitahuan {n}"): 1 for p in people for n in range(4)}
    )
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 3)}


class KillingSink(SmtpSink):
    """An SMTP server that kills the worker talking to it (SIGKILL) at one step of the first
    conversation: at RCPT (before the message is handed over) or at the end of DATA (the
    server has the whole message; the worker dies before it reads the reply)."""

    def __init__(self, kill_on: str):
        super().__init__()
        self.kill_on = kill_on
        self.victim = None

    def _kill(self, step):
        if step == self.kill_on and self.victim is not None:
            os.kill(self.victim.pid, signal.SIGKILL)
            self.victim.wait(timeout=10)
            self.victim = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self._kill("RCPT")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)  # the server has it
        self._kill("DATA")  # the worker dies before it reads the reply
        return reply


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kill_on", ["RCPT", "DATA"])
def test_a_worker_killed_while_sending_loses_nothing_and_a_copy_keeps_its_message_id(
    settings, users, tmp_path, kill_on
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with transaction.atomic():
        for n in range(3):
            notify(recipients=[users["camat"]], title=f"Pesan {n}", body="Isi", dedupe=f"kill:{n}")
    shared = SharedDatabase(tmp_path)
    sink = KillingSink(kill_on)
    sink.start()
    env = shared.env(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port))
    enqueue = "from apps.notifications.tasks import deliver_outbox; deliver_outbox.enqueue()"
    try:
        manage_run("shell", "-c", enqueue, env=env)
        worker = manage("db_worker", "--batch", "--no-startup-delay", env=env)
        sink.victim = worker
        worker.wait(timeout=120)
        assert worker.returncode == -signal.SIGKILL, worker.stdout.read()

        outbox = "SELECT subject, status, attempts FROM notifications_outboxemail ORDER BY id"
        assert shared.rows(outbox) == [
            ("Pesan 0", "sending", 1),
            ("Pesan 1", "pending", 0),
            ("Pesan 2", "pending", 0),
        ]
        assert len(sink.messages) == (1 if kill_on == "DATA" else 0)

        # The cron run two minutes later sends the two waiting messages; the claimed one
        # waits for its lease to run out (the worker may still be alive and sending).
        manage_run("shell", "-c", enqueue, env=env)
        manage_run("db_worker", "--batch", "--no-startup-delay", env=env)
        assert [row[1] for row in shared.rows(outbox)] == ["sending", "sent", "sent"]

        # The lease has run out: the next run sends it again, with the same Message-ID.
        expire = (
            "import datetime as dt; from django.db.models import F; "
            "from apps.notifications.models import OutboxEmail; "
            "OutboxEmail.objects.filter(status='sending').update("
            f"next_attempt_at=F('next_attempt_at') - dt.timedelta(seconds={LEASE.seconds + 1}))"
        )
        manage_run("shell", "-c", f"{expire}; {enqueue}", env=env)
        manage_run("db_worker", "--batch", "--no-startup-delay", env=env)
    finally:
        sink.stop()

    assert shared.rows(outbox) == [
        ("Pesan 0", "sent", 2),
        ("Pesan 1", "sent", 1),
        ("Pesan 2", "sent", 1),
    ]
    arrivals = Counter((m["Subject"], m["Message-ID"]) for m in sink.messages)
    assert len({message_id for _subject, message_id in arrivals}) == 3
    assert {subject for subject, _id in arrivals} == {"Pesan 0", "Pesan 1", "Pesan 2"}
    copies = {subject: count for (subject, _id), count in arrivals.items()}
    # Killed before the hand-over: every message arrives exactly once. Killed after the
    # server took the message: that one arrives twice, under one Message-ID.
    assert copies == {"Pesan 0": 2 if kill_on == "DATA" else 1, "Pesan 1": 1, "Pesan 2": 1}
