"""Periodic early-warning work, scheduled with django-crontask (`manage.py crontask`) and run
by the task worker (or in-process where the immediate backend is configured)."""

from crontask import cron
from django.tasks import task

from . import services


@cron("*/5 * * * *")
@task
def escalate_unacknowledged() -> int:
    """Every 5 minutes: villages past their time to acknowledge a live alert are flagged,
    told again, and listed for the camat (once per village and message)."""
    return services.deliveries_escalate()


@cron("*/5 * * * *")
@task
def expire_alerts() -> int:
    """Every 5 minutes: live alerts past their expiry time end (status expired)."""
    return services.alerts_expire_due()
