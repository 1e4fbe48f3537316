"""End-to-end in real Chromium (Debian's binary, driven by Playwright)."""

import os
import shutil

import pytest

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
def page(browser, live_server, seeded_for_browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page, username):
    page.goto(page.base_url + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rukodemo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/beranda/")


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
    with page.expect_navigation():
        page.select_option("#language-switch", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sections" in page.locator("main").inner_text()


def test_secretary_filters_users_with_htmx(page):
    log_in(page, "sekcam")
    page.goto(page.base_url + "/kelola/pengguna/")
    page.select_option("#id_role", "petugas")
    page.wait_for_function(
        "!document.querySelector('#user-results').innerText.includes('desa-inan')"
    )
    text = page.locator("#user-results").inner_text()
    assert "Noor Aisyah" in text
    assert "role=petugas" in page.url
