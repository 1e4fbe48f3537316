"""The activity report: requested on the page, built in the background with visible progress,
kept and listed; the PDF carries the letterhead, the period, the figures and the camat's
signature block."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from apps.core import clock
from apps.core.errors import NotAllowed
from apps.monitoring import services
from apps.monitoring.models import ActivityReport, ReportStatus
from apps.monitoring.periods import make_period
from apps.offices.services import masterdata_save
from apps.village_reports.tests.conftest import at

from .test_dashboard import NOW, member

PROFILE = {
    "head_name": "Drs. H. Muhammad Rizali, M.Si.",
    "head_rank": "Pembina Tingkat I (IV/b)",
    "head_nip": "197503121998031005",
    "phone": "0526 2028 100",
    "address": "Jl. A. Yani Km 2, Paringin Selatan",
}


def png_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (15, 107, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def profiled(office):
    masterdata_save(actor=None, office=office, instance=office, values={**PROFILE,
                    "logo": png_logo()})  # fmt: skip
    return office


@pytest.mark.django_db
def test_the_pdf_has_the_letterhead_period_figures_and_signature(
    march_cases, profiled, login, django_capture_on_commit_callbacks
):
    client = login("camat")
    started = time.perf_counter()
    with clock.frozen(NOW), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:reports"), {"period": "month", "year": "2026", "number": "3"}
        )
    took = time.perf_counter() - started
    assert response.status_code == 302
    report = ActivityReport.objects.get()
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert report.title == "Laporan kegiatan Maret 2026"
    assert report.pages >= 2 and 10_000 < report.size < 2_000_000
    download = client.get(reverse("monitoring:report_file", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(text.split())
    for expected in (
        "PEMERINTAH KABUPATEN BALANGAN",
        "KECAMATAN PARINGIN SELATAN",
        "0526 2028 100",
        "LAPORAN KEGIATAN",
        "Maret 2026",
        "Permasalahan diajukan 4",
        "Dijawab dalam batas waktu layanan 50,0%",
        "Kepatuhan pelaporan",
        "Prevalensi stunting",
        "Mengetahui,",
        "Camat Paringin Selatan",
        "Drs. H. Muhammad Rizali, M.Si.",
        "Pembina Tingkat I (IV/b)",
        "NIP. 197503121998031005",
        "Paringin Selatan, ",
    ):
        assert expected in flat, expected
    assert took < 30, took  # a month's report of one office renders in seconds
    page = client.get(reverse("monitoring:reports"))
    assert "Laporan kegiatan Maret 2026" in page.text
    assert reverse("monitoring:report_file", args=[report.pk]) in page.text


@pytest.mark.django_db
def test_a_queued_report_shows_its_progress_and_polls(office, login):
    with clock.frozen(at(2026, 4, 2)):
        report = services.activity_report_request(
            acting=member("sekcam"), office=office, period=make_period("quarter", 2026, 1)
        )  # the task is queued on commit; the test's transaction never commits
    client = login("sekcam")
    page = client.get(reverse("monitoring:reports"))
    assert "<progress" in page.text and 'hx-trigger="every 2s"' in page.text
    row = client.get(
        reverse("monitoring:report_status", args=[report.pk]), headers={"HX-Request": "true"}
    )
    assert row.text.startswith(f'<li id="report-{report.pk}"') and "<progress" in row.text
    assert client.get(reverse("monitoring:report_file", args=[report.pk])).status_code == 404
    # Built by the worker: claimed once, never twice.
    assert services.activity_report_build(report_id=report.pk).status == ReportStatus.DONE
    assert services.activity_report_build(report_id=report.pk) is None
    done = client.get(reverse("monitoring:report_status", args=[report.pk]))
    assert "hx-trigger" not in done.text


@pytest.mark.django_db
def test_who_may_build_and_read_activity_reports(office, other_office, login):
    with clock.frozen(at(2026, 4, 2)):
        report = services.activity_report_request(
            acting=member("camat"), office=office, period=make_period("month", 2026, 3)
        )
        with pytest.raises(NotAllowed):
            services.activity_report_request(
                acting=member("kabupaten"), office=office, period=make_period("month", 2026, 3)
            )
        with pytest.raises(NotAllowed):
            services.activity_report_request(
                acting=member("desa-inan"), office=office, period=make_period("month", 2026, 3)
            )
    status = reverse("monitoring:report_status", args=[report.pk])
    assert login("camat-paringin").get(status).status_code == 404
    assert login("desa-inan").get(status).status_code == 404
    assert login("kabupaten").get(status).status_code == 200
    inspector = login("kabupaten").post(
        reverse("monitoring:reports") + "?office=paringin-selatan",
        {"period": "month", "year": "2026", "number": "3", "office": "paringin-selatan"},
    )
    assert inspector.status_code == 404
