"""Periodic work on cases, scheduled with django-crontask (`manage.py crontask`) and run by
the task worker (or in-process where the immediate backend is configured)."""

from crontask import cron
from django.tasks import task

from . import services


@cron("*/15 * * * *")
@task
def sweep_overdue() -> int:
    """Flag cases past their deadline and tell the section and the camat (once per case)."""
    return services.cases_mark_overdue()


@cron("30 * * * *")
@task
def close_unconfirmed() -> int:
    """Close answered cases the village did not confirm within the office's days."""
    return services.case_auto_close_due()


@cron("0 7 * * Mon-Fri")
@task
def camat_digest() -> int:
    """07:00 WITA on weekdays: overdue and due-tomorrow cases for each camat."""
    return services.camat_digest_send()
