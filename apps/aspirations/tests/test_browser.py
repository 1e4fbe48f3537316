"""End to end in Chromium at phone size: a citizen's anonymous aspiration about Desa Bungin
becomes a case for Bungin, Seksi PMD answers it, and the citizen reads the answer with the
tracking code, never an officer's name nor their own."""

import re

import pytest

from apps.core.tests import test_browser as chromium

# The Chromium fixtures of the core's browser tests: a phone-sized page on the live server.
browser, page = chromium.browser, chromium.page
CHROMIUM, log_in, navigate = chromium.CHROMIUM, chromium.log_in, chromium.navigate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)"),
]


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_anonymous_aspiration_becomes_a_case_and_its_answer_reaches_the_citizen(
    page, browser, live_server
):
    from apps.aspirations.models import Aspiration
    from apps.cases import services as case_services
    from tests_support.factories import membership_of

    # The citizen, without an account, from the landing page.
    page.goto(page.base_url + "/")
    navigate(page, "#send-aspiration")
    assert fits_a_phone(page)
    page.select_option("#id_village", label="Desa Bungin")
    page.select_option("#id_category", label="Lembaga kemasyarakatan desa")
    page.fill("#id_title", "Karang Taruna tidak aktif")
    page.fill("#id_text", "Sejak tahun lalu tidak ada kegiatan pemuda di desa kami.")
    page.check("#id_anonymous")
    page.fill("#id_name", "Budi Santoso")  # typed, then the anonymous choice drops it
    navigate(page, "main form button[type=submit]")
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"ASP-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "Diterima" in page.locator("#aspiration-status").inner_text()
    assert fits_a_phone(page)

    # The secretary turns it into a case for Bungin from the inbox.
    office_page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    office_page.set_default_timeout(10_000)
    office_page.base_url = page.base_url
    log_in(office_page, "sekcam")
    office_page.goto(page.base_url + "/aspirasi/kotak-masuk/")
    navigate(office_page, "#aspiration-inbox a:has-text('Karang Taruna tidak aktif')")
    assert "Budi" not in office_page.locator("main").inner_text()
    assert "anonim" in office_page.locator("#sender").inner_text()
    office_page.select_option("#id_make_case-village", label="Desa Bungin")
    navigate(office_page, "#step-make_case button[type=submit]")
    assert "Ditindaklanjuti sebagai permasalahan" in office_page.locator("main").inner_text()
    assert fits_a_phone(office_page)
    case = Aspiration.objects.get(tracking_code=code).case
    assert case.village.slug == "bungin"

    # The camat's office disposes it to Seksi PMD, whose officer answers (the case steps).
    pmd = membership_of("pmd")
    case_services.case_dispose(
        acting=membership_of("sekcam"),
        case=case,
        section=pmd.section,
        instruction="Catatan internal: koordinasikan dengan kepala desa.",
    )
    case_services.case_answer(
        acting=pmd,
        case=case,
        response="Kecamatan mengadakan pembinaan Karang Taruna Desa Bungin bulan depan.",
        solution="Pelatihan kepemudaan dianggarkan dalam APBDes perubahan.",
    )

    # The citizen looks the code up, typed by hand in lower case.
    page.goto(page.base_url + "/aspirasi/lacak/")
    page.fill("#id_code", code.lower())
    navigate(page, "main form button[type=submit]")
    status = page.locator("#aspiration-status").inner_text()
    assert "pembinaan Karang Taruna Desa Bungin" in status
    assert "Pelatihan kepemudaan" in status
    whole = page.locator("body").inner_text()
    for never in ("Noor Aisyah", "Siti Rahmah", "Catatan internal", "Budi"):
        assert never not in whole, never
    assert fits_a_phone(page)
