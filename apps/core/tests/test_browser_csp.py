"""The main pages in real Chromium under the Content Security Policy: the test fails on any
violation the browser reports (a refused inline script, style, handler or source)."""

import pytest
from django.urls import reverse

from apps.core.tests.test_browser import CHROMIUM, browser, log_in, page  # noqa: F401
from tests_support.factories import make_answered_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)"),
]

REPORT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def visit_all(page, paths):  # noqa: F811 (the fixture)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.add_init_script(REPORT_VIOLATIONS)
    visited = 0
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response.status < 400, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("load")
        refused += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        visited += 1
    return visited, refused


def test_the_main_pages_break_no_rule_of_the_csp(page):  # noqa: F811 (the fixture)
    case = make_answered_case()
    anonymous = [reverse("public:landing"), reverse("accounts:login")]
    count, refused = visit_all(page, anonymous)
    log_in(page, "desa-inan")
    village = [
        reverse("dashboard:home"),
        reverse("cases:list"),
        reverse("cases:submit"),
        reverse("cases:detail", args=[case.pk]),
        reverse("follow_ups:board"),
        reverse("village_reports:due"),
        reverse("meetings:agenda"),
        reverse("notifications:list"),
        reverse("alerts:incident_create"),
        reverse("accounts:profile"),
    ]
    more, refused_more = visit_all(page, village)
    # Open the account menu and use htmx (the case list's filter) under the policy too.
    page.goto(page.base_url + reverse("cases:list"))
    page.click("header summary")  # the account menu opens and closes without a script
    page.click("header summary")
    page.click("main details.card > summary")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.fill("input[name=q]", "APBDes")
    page.wait_for_load_state("networkidle")
    refused_more += page.evaluate("window.__cspViolations")
    assert count + more >= 11
    assert refused + refused_more == []
