"""Periodic work on follow-ups, scheduled with django-crontask and run by the task worker."""

from crontask import cron
from django.tasks import task

from . import services


@cron("15 7 * * *")
@task
def follow_ups_sweep() -> dict:
    """07:15 WITA: remind owners of items due within two days, escalate overdue ones (each
    item once)."""
    return {
        "reminded": services.follow_ups_remind_due(),
        "escalated": services.follow_ups_escalate_overdue(),
    }
