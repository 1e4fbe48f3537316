"""Security headers: the CSP without inline code, Permissions-Policy, pages of a logged-in
person never cached, templates free of inline scripts, styles and handlers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
# PDF templates are rendered by WeasyPrint on the server, never served as pages.
PAGE_TEMPLATES = [
    p
    for p in [*ROOT.glob("apps/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    if "pdf" not in str(p.relative_to(ROOT))
]
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"|\shx-on|<style")


def test_no_template_holds_inline_script_style_or_handler():
    assert len(PAGE_TEMPLATES) > 50
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in PAGE_TEMPLATES
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_every_page_has_the_csp_and_permissions_policy(client):
    response = client.get(reverse("public:landing"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_logged_in_persons_pages_are_never_stored(login):
    client = login("desa-inan")
    for name in ["dashboard:home", "cases:list", "notifications:list", "follow_ups:board"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
    client.logout()
    assert "no-store" not in client.get(reverse("public:landing")).get("Cache-Control", "")


@pytest.mark.django_db
def test_the_csrf_cookie_is_out_of_reach_of_scripts_and_htmx_still_sends_the_token(login):
    client = login("desa-inan")
    client.get(reverse("accounts:login"))  # the cookie may be set by any page with a form
    response = client.get(reverse("dashboard:home"))
    assert '"X-CSRFToken": "' in response.text  # htmx's token: <body hx-headers>
    assert settings.CSRF_COOKIE_HTTPONLY and settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_the_api_docs_page_relaxes_only_its_style(login):
    client = login("camat")
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp + ";"
    assert "<script>" not in response.text
