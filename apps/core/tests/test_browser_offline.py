"""A village official loses the connection while sending a case (issue 12): the case is kept on
the phone by the service worker and sent when the connection returns, once. Real Chromium."""

from apps.cases.models import Case

from . import test_browser
from .test_browser import log_in

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page


def test_a_case_sent_without_a_connection_goes_out_when_it_returns(page):
    log_in(page, "desa-inan")
    page.goto(page.base_url + "/permasalahan/baru/")
    # The worker installs while the phone is online, and then controls the page.
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    page.select_option("#id_category", label="Keuangan desa")
    page.fill("#id_title", "Jembatan desa putus")
    page.fill("#id_description", "Jembatan penghubung dusun putus diterjang banjir.")
    page.context.set_offline(True)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Tersimpan di ponsel ini")
    assert not Case.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status = page.locator("#outbox-status")
    status.get_by_role("link").wait_for()
    case = Case.objects.get()
    assert case.title == "Jembatan desa putus" and case.village.slug == "inan"
    assert f"/permasalahan/{case.pk}/" in status.get_by_role("link").get_attribute("href")

    # Asked again (another page, the next time the signal returns): nothing is made twice.
    page.evaluate("navigator.serviceWorker.controller.postMessage('flush')")
    page.goto(page.base_url + "/permasalahan/baru/")
    assert Case.objects.count() == 1
    # The arrived case's draft is gone: the form opens empty.
    assert page.input_value("#id_title") == ""
