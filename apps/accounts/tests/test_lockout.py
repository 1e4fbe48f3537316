"""Login lock-out in three tiers, each with its own limit, each ending after the cool-off;
the password policy; the session's idle timeout."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.core import clock
from tests_support.factories import PASSWORD

LOGIN = "accounts:login"


def attempt(client, username, address, password="salah"):
    return client.post(
        reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_a_username_from_one_address_is_locked_first_but_not_from_elsewhere(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "camat", "10.0.0.1").status_code == 200
    assert attempt(client, "camat", "10.0.0.1").status_code == 429
    assert attempt(client, "camat", "10.0.0.1", PASSWORD).status_code == 429
    # The camat at the office is not locked out by someone guessing from another address.
    assert attempt(client, "camat", "10.0.0.2", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_username_across_addresses_is_locked_at_its_slower_limit(client, settings):
    username_limit = settings.RUKO_LOCKOUT_LIMITS[2]
    assert username_limit > settings.AXES_FAILURE_LIMIT
    # A spray from many addresses, each staying under the per-address limits.
    for n in range(username_limit - 1):
        assert attempt(client, "camat", f"10.1.{n // 4}.{n % 4}").status_code == 200
    assert attempt(client, "camat", "10.9.9.9", PASSWORD).status_code == 302
    client.logout()
    for n in range(username_limit):
        attempt(client, "camat", f"10.2.{n // 4}.{n % 4}")
    response = attempt(client, "camat", "10.9.9.8", PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak" in response.text
    # The lock ends with the cool-off: nobody keeps the camat out for good.
    later = clock.now() + timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with clock.frozen(later):
        from axes.models import AccessAttempt

        AccessAttempt.objects.update(attempt_time=clock.now() - timedelta(hours=1))
    assert attempt(client, "camat", "10.9.9.8", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked(client, settings):
    address_limit = settings.RUKO_LOCKOUT_LIMITS[1]
    for n in range(address_limit):
        attempt(client, f"tebakan-{n}", "10.3.0.1")
    assert attempt(client, "camat", "10.3.0.1", PASSWORD).status_code == 429
    assert attempt(client, "camat", "10.3.0.2", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_password_policy_speaks_indonesian(login):
    client = login("pmd")
    for weak, says in [
        ("Pendek-1", "terlalu pendek"),
        ("password123", "terlalu umum"),
        ("1234567890123", "seluruhnya terdiri dari angka"),
    ]:
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200
        assert says in response.text, weak


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_time_and_work_pushes_it_back(login, settings):
    client = login("camat")
    home = reverse("dashboard:home")
    start = clock.now()
    first = client.get(home)
    assert first.status_code == 200
    assert first.cookies["sessionid"]["httponly"]
    assert "no-store" in first["Cache-Control"]
    expiry = client.session.get_expiry_date()
    assert expiry - start >= timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Working an hour later pushes the end of the session an hour further.
    with clock.frozen(start + timedelta(hours=1)):
        client.get(home)
    session = client.session
    assert session.get_expiry_date() > expiry
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
