from django.tasks import task

from . import services


@task
def build_activity_report(report_id: int) -> str:
    """Build one activity report PDF (queued by `activity_report_request`)."""
    report = services.activity_report_build(report_id=report_id)
    return report.status if report is not None else "skipped"
