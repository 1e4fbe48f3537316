"""E-mail leaves through the outbox: retried with back-off while the SMTP server is down,
sent once it is up, never twice."""

import datetime as dt

import pytest

from apps.core import clock
from apps.notifications.models import OutboxEmail, OutboxStatus
from apps.notifications.services import notify, outbox_deliver
from tests_support.smtp import SmtpSink, free_port


@pytest.mark.django_db
def test_outbox_retries_while_smtp_is_down_then_sends_exactly_once(settings, users):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    start = clock.now()
    notify(recipients=[users["camat"]], title="Uji kirim", body="Isi", dedupe="test:1")
    notify(recipients=[users["camat"]], title="Uji kirim", body="Isi", dedupe="test:1")
    assert OutboxEmail.objects.count() == 1  # the same event makes one message

    # The server is down: the attempt fails and is scheduled again later.
    assert outbox_deliver() == {"sent": 0, "retry": 1, "failed": 0}
    message = OutboxEmail.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at > start and "Connection" in message.last_error
    assert outbox_deliver() == {"sent": 0, "retry": 0, "failed": 0}  # not due yet

    sink = SmtpSink(port=port)
    sink.start()
    try:
        with clock.frozen(message.next_attempt_at + dt.timedelta(seconds=1)):
            assert outbox_deliver() == {"sent": 1, "retry": 0, "failed": 0}
            assert outbox_deliver() == {"sent": 0, "retry": 0, "failed": 0}
    finally:
        sink.stop()
    assert len(sink.messages) == 1
    assert sink.messages[0]["Subject"] == "Uji kirim"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.sent_at is not None


@pytest.mark.django_db
def test_links_in_e_mail_are_absolute(settings, users):
    settings.RUKO_BASE_URL = "https://ruko.balangankab.go.id"
    notify(
        recipients=[users["camat"]],
        title="Kasus baru",
        body="Isi",
        url="/permasalahan/RUKO-2026-00001/",
        dedupe="test:link",
    )
    assert OutboxEmail.objects.get().body.endswith(
        "https://ruko.balangankab.go.id/permasalahan/RUKO-2026-00001/"
    )
