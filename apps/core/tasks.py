from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_email(*, subject: str, body: str, to: list[str]) -> None:
    """Send one plain-text e-mail through Django's mail backend, off the request."""
    EmailMessage(" ".join(subject.split()), body, to=to).send()


def send_email_on_commit(*, subject: str, body: str, to: list[str]) -> None:
    """Queue the mail once the current transaction commits (never for a rolled-back change)."""
    from django.db import transaction

    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))
