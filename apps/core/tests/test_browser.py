"""End-to-end in real Chromium (Debian's binary, driven by Playwright)."""

import os
import re
import shutil

import pytest

from tests_support.factories import PASSWORD

CHROMIUM = (
    os.environ.get("RUKO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must run the browser tests: install Debian's chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, office):
    """A phone-sized page on the live server. The live server's test commits and empties the
    database when it ends; the house is there when it starts (conftest.py builds it again)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page, username):
    page.goto(page.base_url + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/beranda/")


def navigate(page, selector):
    """Click something that submits a form and wait for the next page."""
    with page.expect_navigation():
        page.click(selector)


def test_a_village_official_sees_their_village_and_not_another(page):
    log_in(page, "desa-inan")
    main = page.locator("main")
    assert "Desa Inan" in main.inner_text()
    assert "Bungin" not in main.inner_text()
    response = page.goto(page.base_url + "/kantor/paringin-selatan/desa/bungin/")
    assert response.status == 404
    # The page fits a 360 px phone: nothing scrolls sideways.
    page.goto(page.base_url + "/beranda/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_camat_sees_all_16_villages_and_switches_to_english(page):
    log_in(page, "camat")
    assert page.locator("#village-list > li").count() == 16
    assert "Kelurahan Batu Piring" in page.locator("#village-list").inner_text()
    assert page.locator("html").get_attribute("lang") == "id"
    page.click("header .more summary")  # the account menu holds the language switch
    navigate(page, "header button[name=language][value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sections" in page.locator("main").inner_text()


def test_secretary_filters_users_with_htmx(page):
    log_in(page, "sekcam")
    page.goto(page.base_url + "/kelola/pengguna/")
    page.select_option("#id_role", "petugas")
    page.wait_for_function(
        "() => !document.querySelector('#user-results').innerText.includes('desa-inan')"
    )
    text = page.locator("#user-results").inner_text()
    assert "Noor Aisyah" in text
    assert "role=petugas" in page.url


def test_a_case_from_submission_to_a_five_star_rating(page, tmp_path):
    """desa-inan submits with an attachment → sekcam verifies → camat disposes to Seksi PMD →
    pmd answers with one follow-up → the follow-up is completed → desa-inan confirms, 5."""
    attachment = tmp_path / "laporan-realisasi.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    log_in(page, "desa-inan")
    page.goto(page.base_url + "/permasalahan/baru/")
    page.select_option("#id_category", label="Keuangan desa")
    page.select_option("#id_urgency", "tinggi")
    page.fill("#id_title", "Pendampingan laporan realisasi APBDes")
    page.fill("#id_description", "Operator baru belum memahami format laporan realisasi.")
    page.set_input_files("#id_attachments", str(attachment))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/permasalahan/\d+/"))
    number = re.search(r"/permasalahan/(\d+)/", page.url).group(1)
    assert re.search(r"PRS-\d{4}-\d{5}", page.locator("main").inner_text())
    assert "laporan-realisasi.pdf" in page.locator("main").inner_text()
    # The draft kept on the device while typing is forgotten once the case is in.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ruko-draft'))") == []
    case_url = f"{page.base_url}/permasalahan/{number}/"

    def as_user(username):
        page.context.clear_cookies()
        log_in(page, username)
        page.goto(case_url)

    as_user("sekcam")
    navigate(page, "button[value=verify]")
    assert "Diverifikasi" in page.locator("main").inner_text()

    as_user("camat")
    page.select_option("#id_section", label="Seksi Pemberdayaan Masyarakat dan Desa")
    page.fill("#id_instruction", "Mohon didampingi minggu ini.")
    navigate(page, "button:has-text('Disposisikan')")
    assert "Didisposisi" in page.locator("main").inner_text()

    as_user("pmd")
    navigate(page, "button:has-text('Ambil permasalahan ini')")  # one tap takes it
    page.fill("#id_response", "Seksi PMD akan mendampingi penyusunan laporan.")
    page.fill("#id_solution", "Pendampingan di kantor desa hari Kamis.")
    page.fill("#id_follow_up_action", "Pendampingan Siskeudes di kantor desa")
    page.select_option("#id_follow_up_owner", "seksi")
    page.select_option("#id_follow_up_section", label="Seksi Pemberdayaan Masyarakat dan Desa")
    page.fill("#id_follow_up_due", "2026-12-10")
    navigate(page, "button:has-text('Kirim jawaban')")
    assert "Ditanggapi" in page.locator("main").inner_text()
    page.click("#follow-ups summary")
    page.fill("#follow-ups #id_note", "Pendampingan selesai bersama operator desa.")
    navigate(page, "#follow-ups button[type=submit]")
    assert "Pendampingan selesai bersama operator desa." in page.locator("#follow-ups").inner_text()

    as_user("desa-inan")
    page.check("input[name=rating][value='5']")
    page.fill("#id_comment", "Sangat membantu, terima kasih.")
    navigate(page, "button:has-text('Konfirmasi')")
    main = page.locator("main").inner_text()
    assert "Selesai" in main and "5/5" in main
