"""Periodic work on village reports, scheduled with django-crontask (`manage.py crontask`)."""

from crontask import cron
from django.tasks import task

from . import services


@cron("30 7 * * *")
@task
def remind_reports() -> int:
    """07:30 WITA every day: remind villages 7 days and 1 day before a report's deadline, and
    escalate an overdue report to the section and the camat (each once)."""
    return services.reports_remind()
