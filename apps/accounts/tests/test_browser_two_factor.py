"""Two-step login in real Chromium: set up from the profile with the key the page shows, log
out, log in with a code computed from that key, then with a recovery code, which does not
open a second time."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from apps.core.tests.test_browser import CHROMIUM, browser, page  # noqa: F401
from tests_support.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)"),
]


def code_from(key: str, drift: int = 0) -> str:
    secret = key.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return f"{totp(b32decode(secret), drift=drift):06d}"


def password_step(tab, username="camat"):
    tab.goto(tab.base_url + "/masuk/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    with tab.expect_navigation():
        tab.click("main button[type=submit]")


def log_out(tab):
    tab.click("summary")
    with tab.expect_navigation():
        tab.click("form[data-forget-drafts] button")


def test_set_up_then_log_in_with_a_code_and_with_a_recovery_code_once(page):  # noqa: F811
    password_step(page)
    page.wait_for_url("**/beranda/")
    page.goto(page.base_url + "/akun/")
    with page.expect_navigation():
        page.click("#two-factor a")
    assert page.locator(".qr svg").count() == 1
    key = page.inner_text("#manual-key")
    page.fill("#id_code", code_from(key))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("main a.btn")
    log_out(page)

    # The password alone leads to the code step, not to the house.
    password_step(page)
    assert "/masuk/kode/" in page.url
    page.goto(page.base_url + "/beranda/")
    assert "/masuk/kode/" in page.url
    page.fill("#id_code", code_from(key, drift=1))  # the set-up used this step's code
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/beranda/")
    log_out(page)

    password_step(page)
    page.fill("#id_code", codes[0])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/beranda/")
    log_out(page)

    password_step(page)
    page.fill("#id_code", codes[0])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/masuk/kode/" in page.url
    assert page.locator("[role=alert], .errorlist, .error").count() >= 1
