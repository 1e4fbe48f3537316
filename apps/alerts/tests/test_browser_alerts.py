"""The early warning end to end in real Chromium on a 360 px phone (issue 9): Trantib issues
a flood alert to five villages, Desa Inan sees the banner on its next page and acknowledges
"terdampak" with one tap, the board of the office refreshes itself to 1 of 5, and after the
escalation time the camat's list names the four others with whom to call."""

import datetime as dt
import re

from apps.alerts import services, views
from apps.alerts.models import Alert
from apps.core import clock
from apps.core.tests import test_browser
from apps.core.tests.test_browser import log_in, navigate
from apps.core.tests.test_browser_phone import serious_violations

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page

FIVE = ("Desa Inan", "Desa Bungin", "Desa Tarangan", "Desa Lingsir", "Desa Murung Abuin")
PHONE_WIDTH = 360


def fits_the_phone(page):
    """Nothing scrolls sideways at 360 px, and axe-core finds nothing serious."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert serious_violations(page) == []


def test_a_flood_alert_from_trantib_to_the_camats_list_of_villages_to_call(
    page, browser, monkeypatch
):
    monkeypatch.setattr(views, "BOARD_REFRESH_SECONDS", 1)  # the board polls every second

    # Trantib issues a flood alert to five villages.
    log_in(page, "trantib")
    page.goto(page.base_url + "/peringatan/baru/")
    page.select_option("#id_hazard", "banjir")
    page.select_option("#id_severity", "Severe")
    page.select_option("#id_urgency", "Expected")
    page.select_option("#id_certainty", "Likely")
    page.fill("#id_headline", "Sungai Balangan berpotensi meluap malam ini")
    page.fill("#id_description", "Tinggi muka air naik 80 cm dalam 12 jam dan terus naik.")
    page.fill("#id_instruction", "Amankan dokumen dan ternak, siapkan perahu.")
    for name in FIVE:
        page.get_by_label(name, exact=True).check()
    fits_the_phone(page)
    navigate(page, "button[name=then][value=issue]")
    assert re.search(r"/peringatan/\d+/$", page.url)
    board = page.locator("#board")
    assert "0 dari 5 sudah konfirmasi" in board.inner_text()
    fits_the_phone(page)
    alert = Alert.objects.get()
    assert alert.deliveries.count() == 5

    # Desa Inan, on its phone, sees the banner on its next page and taps "Terdampak".
    village = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    village.set_default_timeout(10_000)
    phone = village.new_page()
    phone.base_url = page.base_url
    log_in(phone, "desa-inan")
    banner = phone.locator(".ew-banner")
    assert "Sungai Balangan berpotensi meluap malam ini" in banner.inner_text()
    fits_the_phone(phone)
    phone.goto(phone.base_url + "/permasalahan/")
    assert phone.locator(".ew-banner").is_visible()  # on every page until acknowledged
    phone.fill(".ew-banner input[name=note]", "Air masuk ke 12 rumah di RT 02.")
    with phone.expect_navigation():
        phone.click(".ew-banner button[value=terdampak]")
    assert phone.url.endswith("/permasalahan/")
    assert phone.locator(".ew-banner").count() == 0
    assert "Terdampak" in phone.locator("ul.messages").inner_text()
    village.close()

    # The board, still open at Trantib, refreshes itself: 1 of 5.
    page.wait_for_function(
        "() => document.querySelector('#board').innerText.includes('1 dari 5 sudah konfirmasi')"
    )
    assert "Air masuk ke 12 rumah di RT 02." in board.inner_text()

    # Time travels past the 30 minutes of a severe alert: the escalation task runs.
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        assert services.deliveries_escalate() == 4

    # The camat's list names the four others, with whom to call.
    page.context.clear_cookies()
    log_in(page, "camat")
    page.goto(page.base_url + "/peringatan/")
    navigate(page, "a[href='/peringatan/belum-konfirmasi/'] >> nth=0")
    listing = page.locator("main").inner_text()
    for name in ("Desa Bungin", "Desa Tarangan", "Desa Lingsir", "Desa Murung Abuin"):
        assert name in listing, name
    assert "Desa Inan" not in listing
    assert page.locator("section.escalation li").count() == 4
    fits_the_phone(page)
