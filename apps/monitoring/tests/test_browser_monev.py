"""The monev dashboard in a real browser on a 360 px phone, as the camat (the newer sections'
per-village tables and charts, a figure's link to the list behind it) and as the regency's
inspector (the offices side by side, sorted by a newer column). Real Chromium, as in
apps/core/tests/test_browser.py."""

from apps.core.tests import test_browser
from apps.core.tests.test_browser import log_in

from .test_domain_sections import (
    hand_built_alerts,
    hand_built_follow_ups,
    hand_built_meetings,
    hand_built_readiness,
)

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page

MARCH = "/monev/?period=month&year=2026&number=3"


def build(office):
    hand_built_meetings(office)
    hand_built_follow_ups(office)
    hand_built_alerts(office)
    hand_built_readiness(office)


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_camat_reads_the_newer_sections_and_follows_a_figure(page, office, other_office):
    build(office)
    log_in(page, "camat")
    page.goto(page.base_url + MARCH)
    for key in ("meetings", "follow_ups", "alerts"):
        section = page.locator(f"#section-{key}")
        assert section.locator("table.data").count() >= 1, key
        assert section.locator("svg").count() >= 1, key
    attendance = page.locator("#section-meetings table.data").inner_text()
    assert "Desa Inan" in attendance and "50.0" in attendance.replace(",", ".")
    assert "Desa Inan" in page.locator("#section-follow_ups table.data").inner_text()
    assert fits(page)
    with page.expect_navigation():
        page.click("#figure-meetings-held")
    found = page.locator("#meetings-found")
    assert found.locator("li").count() == 2  # the two meetings held in March
    assert fits(page)


def test_the_inspector_sorts_the_offices_by_attendance(page, office, other_office):
    build(office)
    log_in(page, "kabupaten")
    page.goto(page.base_url + "/monev/kecamatan/?period=month&year=2026&number=3")
    headings = page.locator("#comparison thead").inner_text()
    for label in ("Kehadiran desa (%)", "Tindak lanjut tepat waktu (%)", "Desa siap siaga"):
        assert label in headings
    with page.expect_navigation():
        page.click("#comparison thead a:has-text('Kehadiran desa')")
    first = page.locator("#comparison tbody tr").first.inner_text()
    assert "Paringin Selatan" in first and "40.0" in first.replace(",", ".")
    assert page.locator("#comparison th[aria-sort]").inner_text().startswith("Kehadiran desa")
