"""The report services: validation, the workflow's refusals (403 before 409), late and on time
on the office calendar, notifications, the default obligations."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.notifications.models import Notification
from apps.offices.audit import audit_trail_for
from apps.offices.models import Holiday
from apps.offices.services import masterdata_save
from apps.village_reports import defaults, policy, services
from apps.village_reports.models import FigureValue, Submission
from apps.village_reports.workflow import Status

from .conftest import at, pdf, stunting_figures

FEB = dt.date(2026, 2, 1)
JAN = dt.date(2026, 1, 1)


@pytest.mark.django_db
def test_a_new_office_gets_the_default_obligations(office):
    codes = set(office.obligation_types.values_list("code", flat=True))
    assert codes == {row[0] for row in defaults.OBLIGATIONS}
    stunting = office.obligation_types.get(code=defaults.STUNTING)
    assert stunting.section.short_name == "KESOS" and stunting.period == "bulanan"
    assert not stunting.file_required
    assert list(stunting.figures.values_list("code", flat=True)) == [
        defaults.MEASURED,
        defaults.STUNTED,
        defaults.WASTED,
        defaults.UNDERWEIGHT,
        defaults.PREGNANT_KEK,
    ]
    assert stunting.figures.get(code=defaults.STUNTED).at_most.code == defaults.MEASURED
    semester = office.obligation_types.get(code="realisasi-apbdes-semester-1")
    assert (semester.period, semester.only_period, semester.section.short_name) == (
        "semester",
        1,
        "PMD",
    )
    # Running the setup again adds nothing and keeps the admin's edits.
    assert services.obligation_types_seed(office=office) == 0


@pytest.mark.django_db
def test_stunting_cannot_exceed_the_toddlers_measured(stunting, send):
    with pytest.raises(DomainError) as refused:
        send(
            "desa-inan",
            stunting,
            FEB,
            when=at(2026, 3, 2),
            figures=stunting_figures(measured=40, stunted=41),
        )
    assert refused.value.field == "figure_balita-stunting"
    assert "Balita diukur" in str(refused.value.message)
    with pytest.raises(DomainError) as negative:
        send("desa-inan", stunting, FEB, when=at(2026, 3, 2), figures=stunting_figures(wasted=-1))
    assert negative.value.field == "figure_balita-wasting"
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_a_draft_may_be_incomplete_a_submission_may_not(stunting, member):
    inan = member("desa-inan")
    with clock.frozen(at(2026, 3, 2)):
        draft = services.report_save_draft(
            acting=inan, obligation=stunting, period_start=FEB, figures={defaults.MEASURED: 80}
        )
        assert draft.status == Status.DRAFT and draft.first_submitted_at is None
        with pytest.raises(DomainError) as refused:
            services.report_submit(
                acting=inan, obligation=stunting, period_start=FEB, figures={defaults.MEASURED: 80}
            )
    assert refused.value.field == "figure_balita-stunting"
    # The office does not see a village's draft.
    assert not policy.submissions_for(member("kesos")).exists()
    assert policy.submissions_for(inan).get() == draft


@pytest.mark.django_db
def test_on_time_late_and_the_deadline_on_the_office_calendar(stunting, apbdes, send, office):
    on_time = send("desa-inan", stunting, FEB, when=at(2026, 3, 10, 23))  # due 10 March
    late = send("desa-inan", stunting, JAN, when=at(2026, 3, 10))  # due 10 February
    assert (on_time.due_date, on_time.on_time) == (dt.date(2026, 3, 10), True)
    assert (late.due_date, late.on_time) == (dt.date(2026, 2, 10), False)
    # April's figures are due on 10 May 2026, a Sunday: the deadline moves to Monday 11 May,
    # and to Tuesday when the office adds cuti bersama on that Monday.
    masterdata_save(
        actor=None,
        office=office,
        instance=Holiday(),
        values={"date": dt.date(2026, 5, 11), "name": "Cuti bersama", "kind": "cuti_bersama"},
    )
    april = send("desa-bungin", stunting, dt.date(2026, 4, 1), when=at(2026, 5, 12))
    assert (april.due_date, april.on_time) == (dt.date(2026, 5, 12), True)
    # Semester I is due at the end of July; a report in August is late.
    semester = send("desa-inan", apbdes, dt.date(2026, 1, 1), when=at(2026, 8, 3))
    assert (semester.due_date, semester.on_time) == (dt.date(2026, 7, 31), False)


@pytest.mark.django_db
def test_periods_that_are_not_owed_are_refused(stunting, apbdes, send):
    with pytest.raises(DomainError):  # Semester II is not this obligation's
        send("desa-inan", apbdes, dt.date(2026, 7, 1), when=at(2026, 12, 1))
    with pytest.raises(DomainError):  # not the first day of a month
        send("desa-inan", stunting, dt.date(2026, 2, 2), when=at(2026, 3, 1))
    with pytest.raises(DomainError):  # not started yet
        send("desa-inan", stunting, dt.date(2026, 4, 1), when=at(2026, 3, 1))
    with pytest.raises(DomainError):  # before the obligation was owed
        send("desa-inan", stunting, dt.date(2024, 12, 1), when=at(2025, 1, 5))


@pytest.mark.django_db
def test_a_required_document_is_needed(apbdes, send):
    with pytest.raises(DomainError) as refused:
        send("desa-inan", apbdes, JAN, when=at(2026, 7, 20), files=[])
    assert refused.value.field == "files"
    with pytest.raises(DomainError):  # a disguised file is refused by its content
        send(
            "desa-inan",
            apbdes,
            JAN,
            when=at(2026, 7, 20),
            files=[SimpleUploadedFile("laporan.pdf", b"<html>not a pdf</html>")],
        )


@pytest.mark.django_db
def test_return_resubmit_accept_keeps_the_first_day_and_tells_each_side(apbdes, send, member):
    report = send("desa-inan", apbdes, JAN, when=at(2026, 7, 20))
    assert report.on_time
    assert Notification.objects.filter(
        recipient__username="pmd", url__endswith=f"/{report.pk}/"
    ).exists()
    pmd = member("pmd")
    with pytest.raises(DomainError) as no_note:
        services.report_return(acting=pmd, submission=report, note=" ")
    assert no_note.value.field == "note"
    with clock.frozen(at(2026, 7, 22)):
        services.report_return(acting=pmd, submission=report, note="Lampiran belum ditandatangani.")
    assert report.status == Status.RETURNED
    assert Notification.objects.filter(
        recipient__username="desa-inan", url__endswith=f"/{report.pk}/"
    ).exists()
    again = send(
        "desa-inan",
        apbdes,
        JAN,
        when=at(2026, 8, 5),
        files=[pdf("perbaikan.pdf")],
        note="Sudah ditandatangani.",
    )
    assert again.pk == report.pk and again.status == Status.SUBMITTED
    assert again.on_time and again.first_submitted_at == at(2026, 7, 20)
    assert again.files.count() == 2
    services.report_accept(acting=pmd, submission=again)
    assert again.status == Status.ACCEPTED
    actions = [e.action.rsplit(".", 1)[-1] for e in audit_trail_for(again)]
    assert actions == ["submitted", "returned", "resubmitted", "accepted"]


@pytest.mark.django_db
def test_refusals_role_first_then_state(stunting, apbdes, send, member):
    report = send("desa-inan", apbdes, JAN, when=at(2026, 7, 20))
    # pmd reviews the APBDes reports, not the stunting figures (Seksi Kesos does).
    figures = send("desa-inan", stunting, FEB, when=at(2026, 3, 2))
    with pytest.raises(NotAllowed):
        services.report_accept(acting=member("pmd"), submission=figures)
    services.report_accept(acting=member("kesos"), submission=figures)
    with pytest.raises(NotAllowed):  # a village never reviews
        services.report_accept(acting=member("desa-inan"), submission=report)
    with pytest.raises(NotAllowed):  # the inspector only reads
        services.report_accept(acting=member("kabupaten"), submission=report)
    services.report_accept(acting=member("camat"), submission=report)
    with pytest.raises(InvalidState):
        services.report_return(acting=member("pmd"), submission=report, note="Terlambat.")
    with pytest.raises(InvalidState):  # an accepted report is not sent again
        send("desa-inan", apbdes, JAN, when=at(2026, 8, 1))
    # Staff do not write a village's report.
    with pytest.raises(NotAllowed), clock.frozen(at(2026, 3, 2)):
        services.report_submit(
            acting=member("pmd"), obligation=stunting, period_start=JAN, figures=stunting_figures()
        )


@pytest.mark.django_db
def test_a_village_never_sees_another_villages_report(apbdes, send, member, other_office):
    report = send("desa-inan", apbdes, JAN, when=at(2026, 7, 20))
    with pytest.raises(Http404):
        policy.submission_get_for(member("desa-bungin"), pk=report.pk)
    with pytest.raises(Http404):
        policy.submission_get_for(member("camat-paringin"), pk=report.pk)
    assert policy.submission_get_for(member("kabupaten"), pk=report.pk) == report
    assert policy.submission_get_for(member("pmd"), pk=report.pk) == report


@pytest.mark.django_db
def test_figures_are_kept_per_report_and_corrected_in_place(stunting, send):
    send("desa-inan", stunting, FEB, when=at(2026, 3, 2))
    assert FigureValue.objects.filter(spec__code=defaults.STUNTED).get().value == 30
