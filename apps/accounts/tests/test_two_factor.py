"""Two-step login: set-up, the code step, recovery codes (each once, hashed at rest),
regenerating and switching off with the password, the roles that must use it."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import two_factor
from apps.offices.models import AuditLog
from tests_support.factories import PASSWORD


def code_of(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def enrol(client):
    """Set up through the pages; returns the recovery codes shown."""
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200
    assert "<svg" in page.text and 'id="manual-key"' in page.text
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user__username=page.wsgi_request.user.username)
    response = client.post(
        reverse("accounts:two_factor"), {"action": "confirm", "code": code_of(device)}
    )
    assert response.status_code == 200
    return response.context["codes"]


def password_login(client, username="camat"):
    client.logout()
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


@pytest.mark.django_db
def test_set_up_then_the_code_step_after_every_password_login(login, users):
    client = login("camat")
    codes = enrol(client)
    assert len(codes) == two_factor.RECOVERY_CODES == 10
    assert len(set(codes)) == 10
    # Stored only as digests: no code is readable from the database.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored.isdisjoint(codes) and len(stored) == 10
    assert AuditLog.objects.filter(action="accounts.user.two_factor_enabled").exists()

    response = password_login(client)
    assert response.status_code == 302
    # Nothing but the code step until the code is given, also for the API's session use.
    home = client.get(reverse("dashboard:home"))
    assert home.status_code == 302 and home.url.startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("accounts:profile")).status_code == 302
    # The password alone does not switch the second step off.
    switch_off = client.post(
        reverse("accounts:two_factor"), {"action": "disable", "password": PASSWORD}
    )
    assert switch_off.status_code == 302
    assert TOTPDevice.objects.filter(user=users["camat"], confirmed=True).exists()
    assert client.get("/api/v1/me").status_code == 403
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 200 and "tidak benar" in wrong.text
    device = TOTPDevice.objects.get(user=users["camat"], confirmed=True)
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    # The code of the next 30-second step (the set-up used this one; a code works once).
    ok = client.post(reverse("accounts:two_factor_verify"), {"code": code_of(device, 1)})
    assert ok.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_opens_once(login):
    client = login("pmd")
    codes = enrol(client)
    password_login(client, "pmd")
    assert (
        client.post(reverse("accounts:two_factor_verify"), {"code": codes[3].upper()}).status_code
        == 302
    )
    assert AuditLog.objects.filter(
        action="accounts.user.two_factor_verified", new__recovery_code=True
    ).exists()
    password_login(client, "pmd")
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[3]})
    assert again.status_code == 200
    assert client.get(reverse("dashboard:home")).status_code == 302
    assert two_factor.recovery_codes_left(again.wsgi_request.user) == 9


@pytest.mark.django_db
def test_regenerate_and_switch_off_need_the_password(login, users):
    client = login("pmd")
    old = enrol(client)
    url = reverse("accounts:two_factor")
    refused = client.post(url, {"action": "regenerate", "password": "salah"})
    assert refused.status_code == 200 and "tidak benar" in refused.text
    fresh = client.post(url, {"action": "regenerate", "password": PASSWORD}).context["codes"]
    assert set(fresh).isdisjoint(old)
    assert client.post(url, {"action": "disable", "password": "salah"}).status_code == 200
    assert TOTPDevice.objects.filter(user=users["pmd"]).exists()
    assert client.post(url, {"action": "disable", "password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=users["pmd"]).exists()
    assert AuditLog.objects.filter(action="accounts.user.two_factor_disabled").exists()
    password_login(client, "pmd")
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_required_roles_set_it_up_before_anything_else(client, settings):
    settings.RUKO_REQUIRE_2FA_ROLES = ["camat", "sekretaris"]
    password_login(client, "camat")
    home = client.get(reverse("dashboard:home"))
    assert home.status_code == 302 and home.url.startswith(reverse("accounts:two_factor"))
    assert "wajib" in client.get(reverse("accounts:two_factor")).text.lower()
    enrol(client)
    assert client.get(reverse("dashboard:home")).status_code == 200
    # A village official is not held.
    password_login(client, "desa-inan")
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_bearer_tokens_are_not_held_by_the_code_step(client, login):
    client = login("camat")
    enrol(client)
    client.logout()
    device = TOTPDevice.objects.get(user__username="camat", confirmed=True)
    token = client.post(
        "/api/v1/auth/token",
        {"username": "camat", "password": PASSWORD, "otp": code_of(device, drift=1)},
        content_type="application/json",
    ).json()["token"]
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_api_token_takes_the_same_second_step(login, settings, users):
    """A password alone makes no API token for an account with a two-step login: the code
    from its app, or a recovery code once; a role that requires the second step and has not
    set it up gets no token until it does."""
    from rest_framework.test import APIClient

    codes = enrol(login("camat"))
    device = TOTPDevice.objects.get(user=users["camat"], confirmed=True)
    api = APIClient()

    def token(**extra):
        body = {"username": "camat", "password": PASSWORD, **extra}
        return api.post("/api/v1/auth/token", body, format="json")

    assert token().status_code == 401 and token().json()["code"] == "otp_required"
    # the next 30 s step: the one set-up used is spent
    assert token(otp=code_of(device, drift=1)).status_code == 201
    assert token(otp=codes[0]).status_code == 201
    again = token(otp=codes[0])  # a recovery code works once
    assert again.status_code == 401 and again.json()["code"] == "otp_invalid"
    assert (
        AuditLog.objects.filter(action="accounts.user.two_factor_verified", new__via="api").count()
        == 2
    )

    settings.RUKO_REQUIRE_2FA_ROLES = ["sekretaris"]
    refused = api.post(
        "/api/v1/auth/token", {"username": "sekcam", "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "two_factor_setup_required"
    other = api.post(
        "/api/v1/auth/token", {"username": "desa-inan", "password": PASSWORD}, format="json"
    )
    assert other.status_code == 201  # no second step set up, none required


@pytest.mark.django_db
def test_a_made_up_bearer_header_does_not_skip_the_code_step_on_pages(client, login):
    """Only the API takes a bearer token; on a page the header proves nothing, so a session
    waiting for its code stays at the code step whatever the request says."""
    client = login("camat")
    enrol(client)
    password_login(client)
    for path in (reverse("dashboard:home"), reverse("cases:list")):
        page = client.get(path, headers={"Authorization": "Bearer x"})
        assert page.status_code == 302, path
        assert page.url.startswith(reverse("accounts:two_factor_verify")), path
    refused = client.get("/api/v1/me", headers={"Authorization": "Bearer x"})
    assert refused.status_code == 401
