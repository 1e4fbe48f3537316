"""The activity report (laporan kegiatan): requested by the office's staff, built in the
background into a PDF with the office's letterhead and the camat's signature block, kept and
listed."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.models import Membership
from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.offices.audit import audit_record
from apps.offices.models import Office

from . import pdf, policy
from .models import ActivityReport, ReportStatus
from .periods import KINDS, Period, make_period
from .sections import SECTIONS, Scope

logger = logging.getLogger(__name__)


@transaction.atomic
def activity_report_request(
    *, acting: Membership, office: Office, period: Period
) -> ActivityReport:
    """Queue an activity report of the office for the period; a task builds it once the
    request has committed."""
    if not policy.can_request_report(acting, office):
        raise NotAllowed(_("Only the office's staff build its activity report."))
    if period.start > clock.today():
        raise DomainError(_("This period has not started yet."), field="period")
    with translation.override(settings.LANGUAGE_CODE):  # the document's language
        title = _("Activity report %(period)s") % {"period": period.label}
    report = ActivityReport.objects.create(
        office=office,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        title=title,
        token=secrets.token_hex(16),
        requested_by=acting.user,
        requested_at=clock.now(),
    )
    audit_record(
        actor=acting.user,
        office=office,
        action="monitoring.activity_report.requested",
        target=report,
        new={"period_start": period.start, "period_end": period.end, "title": title},
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import build_activity_report

    build_activity_report.enqueue(report_id)


def _progress(report: ActivityReport, percent: int, stage: str) -> None:
    ActivityReport.objects.filter(pk=report.pk).update(progress=percent, stage=stage[:120])


def activity_report_build(*, report_id: int) -> ActivityReport | None:
    """Build one queued report. It is claimed with a conditional update first, so two
    workers never build the same report; each section moves the progress the page shows."""
    claimed = ActivityReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, started_at=clock.now(), progress=1
    )
    if not claimed:
        return None
    report = ActivityReport.objects.select_related("office__region__parent", "requested_by").get(
        pk=report_id
    )
    try:
        with translation.override(settings.LANGUAGE_CODE):
            document = _render(report)
    except Exception as error:  # noqa: BLE001 - a failed build is shown, never left running
        logger.exception("activity report %s failed", report_id)
        ActivityReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            error=f"{error.__class__.__name__}: {error}"[:2000],
            finished_at=clock.now(),
        )
        report.refresh_from_db()
        return report
    report.file.save(report.token, ContentFile(document.content), save=False)
    ActivityReport.objects.filter(pk=report_id).update(
        status=ReportStatus.DONE,
        progress=100,
        stage="",
        file=report.file.name,
        size=len(document.content),
        pages=document.pages,
        finished_at=clock.now(),
    )
    report.refresh_from_db()
    return report


def _render(report: ActivityReport) -> pdf.Document:
    period = (
        make_period("custom", 0, start=report.period_start, end=report.period_end)
        if report.period_kind == "custom"
        else _period_of(report)
    )
    scope = Scope(offices=[report.office], period=period, now=clock.now(), area=report.office.name)
    sections = []
    for index, spec in enumerate(SECTIONS):
        sections.append(spec.build(scope))
        _progress(report, 5 + int(80 * (index + 1) / len(SECTIONS)), str(sections[-1].title))
    _progress(report, 90, _("Writing the PDF"))
    return pdf.activity_report_pdf(
        report=report, scope=scope, sections=sections, printed=timezone.localdate(clock.now())
    )


def _period_of(report: ActivityReport) -> Period:
    size = KINDS[report.period_kind][0]
    number = (report.period_start.month - 1) // size + 1
    return make_period(report.period_kind, report.period_start.year, number)
