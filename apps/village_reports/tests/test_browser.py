"""A village's reports end to end in real Chromium on a 360 px phone: desa-inan sends its
monthly stunting figures and the APBDes semester report, pmd returns one with a note,
desa-inan corrects and sends it again, and the compliance matrix shows on time and late."""

import datetime as dt
import re

from apps.core import clock
from apps.core.tests import test_browser
from apps.core.tests.test_browser import log_in, navigate
from apps.offices.calendar import WorkCalendar
from apps.offices.models import Office
from apps.offices.services import masterdata_save
from apps.village_reports import periods

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _the_office():
    office = Office.objects.get(region__code="63.11.07")
    stunting = office.obligation_types.get(code="stunting-bulanan")
    apbdes = office.obligation_types.get(code="realisasi-apbdes-semester-1")
    today = clock.today()
    for obligation in (stunting, apbdes):  # owed since last year, whenever the suite runs
        masterdata_save(
            actor=None,
            office=office,
            instance=obligation,
            values={"starts_on": dt.date(today.year - 1, 1, 1)},
        )
    # This month's stunting figures are early; the last Semester I whose deadline has
    # passed is late whatever the day.
    month = periods.period_start_of("bulanan", today)
    semester = dt.date(today.year, 1, 1)
    if periods.due_date(apbdes, semester, WorkCalendar(office)) >= today:
        semester = dt.date(today.year - 1, 1, 1)
    return stunting, apbdes, month, semester


def fill_url(page, obligation, start):
    return f"{page.base_url}/laporan-desa/isi/{obligation.pk}/{start:%Y-%m-%d}/"


def test_reports_from_a_village_to_the_compliance_matrix(page, tmp_path):
    stunting, apbdes, month, semester = _the_office()
    month_label = periods.period_label("bulanan", month)
    semester_label = f"Semester I {semester.year}"
    document = tmp_path / "realisasi-semester-1.pdf"
    document.write_bytes(PDF)

    log_in(page, "desa-inan")
    page.click("header a:has-text('Laporan')")
    assert "Laporan desa" in page.locator("h1").inner_text()
    assert month_label in page.locator("main").inner_text()
    page.click(f"a[href$='/isi/{stunting.pk}/{month:%Y-%m-%d}/']")
    page.fill("#id_figure_balita-diukur", "84")
    page.fill("#id_figure_balita-stunting", "90")  # more than measured: refused
    page.fill("#id_figure_balita-wasting", "4")
    page.fill("#id_figure_balita-underweight", "9")
    page.fill("#id_figure_ibu-hamil-kek", "1")
    navigate(page, "button[value=submit]")
    assert "tidak boleh lebih dari “Balita diukur”" in page.locator("main").inner_text()
    page.fill("#id_figure_balita-stunting", "17")
    navigate(page, "button[value=submit]")
    page.wait_for_url(re.compile(r"/laporan-desa/\d+/$"))
    main = page.locator("main").inner_text()
    assert "Diajukan" in main and "tepat waktu" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(fill_url(page, apbdes, semester))
    page.fill("#id_figure_realisasi-pendapatan", "1250000000")
    page.fill("#id_figure_realisasi-belanja", "1180000000")
    page.set_input_files("#id_files", str(document))
    navigate(page, "button[value=submit]")
    page.wait_for_url(re.compile(r"/laporan-desa/\d+/$"))
    apbdes_url = page.url
    assert "terlambat" in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page, "pmd")
    page.goto(apbdes_url)
    assert "realisasi-semester-1.pdf" in page.locator("main").inner_text()
    page.fill("#id_note", "Lampiran belum ditandatangani kepala desa.")
    navigate(page, "button:has-text('Kembalikan dengan catatan')")
    assert "Dikembalikan untuk diperbaiki" in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page, "desa-inan")
    page.goto(apbdes_url)
    assert "Lampiran belum ditandatangani kepala desa." in page.locator("main").inner_text()
    page.click("a:has-text('Perbaiki dan kirim')")
    page.fill("#id_note", "Sudah ditandatangani, lampiran diganti.")
    page.set_input_files("#id_files", str(document))
    navigate(page, "button[value=submit]")
    main = page.locator("main").inner_text()
    assert "Diajukan" in main and "terlambat" in main  # the first day still counts

    page.context.clear_cookies()
    log_in(page, "pmd")
    page.goto(apbdes_url)
    navigate(page, "button:has-text('Terima')")
    assert "Diterima" in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page, "camat")
    page.goto(f"{page.base_url}/laporan-desa/kepatuhan/?obligation={stunting.pk}&year={month.year}")
    inan = page.locator("table.matrix tr", has=page.locator("th", has_text="Desa Inan"))
    assert inan.locator(f"[aria-label^='{month_label}: tepat waktu']").count() == 1
    bungin = page.locator("table.matrix tr", has=page.locator("th", has_text="Desa Bungin"))
    assert (
        bungin.locator(f"[aria-label^='{month_label}: ']").get_attribute("aria-label")
        == f"{month_label}: belum jatuh tempo"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The other obligation, chosen with htmx: the region changes, the address follows.
    page.select_option("#id_obligation", str(apbdes.pk))
    page.wait_for_function(f"() => location.search.includes('obligation={apbdes.pk}')")
    page.select_option("#id_year", str(semester.year))
    page.wait_for_function(f"() => location.search.includes('year={semester.year}')")
    inan = page.locator("table.matrix tr", has=page.locator("th", has_text="Desa Inan"))
    assert inan.locator(f"[aria-label='{semester_label}: terlambat']").count() == 1
    assert (
        "Laporan Realisasi Pelaksanaan APBDes Semester I" in page.locator("h2").first.inner_text()
    )
