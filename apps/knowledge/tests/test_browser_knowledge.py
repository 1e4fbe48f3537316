"""In real Chromium on a phone-sized page (as apps/core/tests/test_browser.py): a village
types its problem on the case form and the answers that may help appear under it; the
knowledge base's list and an article fit 360 px."""

from apps.core.tests import test_browser
from apps.core.tests.test_browser import log_in
from apps.knowledge.tests.conftest import write

pytestmark = test_browser.pytestmark
browser = test_browser.browser
page = test_browser.page


def test_answers_that_may_help_appear_while_the_village_types(page):
    write("pmd", title="Menyusun laporan realisasi APBDes", visibility="desa",
          body="Langkah menyusun laporan realisasi APBDes semester pertama.")  # fmt: skip
    write("camat", title="Catatan staf tentang APBDes", visibility="staf",
          body="Hanya staf: laporan realisasi APBDes.")  # fmt: skip
    log_in(page, "desa-inan")
    page.goto(page.base_url + "/permasalahan/baru/")
    companion = page.locator("#companion-knowledge")
    assert "Jawaban yang mungkin membantu" not in companion.inner_text()
    page.fill("#id_title", "Kesulitan laporan realisasi APBDes")
    page.locator("#id_title").dispatch_event("input")
    companion.get_by_text("Jawaban yang mungkin membantu").wait_for()
    text = companion.inner_text()
    assert "Menyusun laporan realisasi APBDes" in text
    assert "Catatan staf" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(page.base_url + "/pustaka/")
    assert "SOP Koordinasi Permasalahan Desa" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_text("SOP Koordinasi Permasalahan Desa").click()
    page.get_by_role("heading", name="Tahapan").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
