from crontask import cron
from django.tasks import task

from .services import outbox_deliver, outbox_mark_interrupted


@cron("*/2 * * * *")
@task
def deliver_outbox() -> dict:
    """Send the e-mail that is due; retries come around on the next run."""
    outbox_mark_interrupted()
    return outbox_deliver()
