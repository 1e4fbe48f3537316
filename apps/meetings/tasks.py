"""Periodic work of the agenda, scheduled with django-crontask and run by the task worker."""

from crontask import cron
from django.tasks import task

from . import services


@cron("*/5 * * * *")
@task
def remind_consultations() -> dict:
    """Every 5 minutes: the day-before and hour-before reminders of confirmed consultations
    (each once)."""
    return services.consultations_remind()
