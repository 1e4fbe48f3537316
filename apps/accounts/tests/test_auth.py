"""Login, lockout, logout, password change and password reset by e-mail (real SMTP)."""

import re

import pytest
from django.urls import reverse

from apps.offices.models import AuditLog
from tests_support.factories import PASSWORD


@pytest.mark.django_db
def test_login_with_a_demo_account_lands_on_the_home_page(client):
    response = client.post(
        reverse("accounts:login"),
        {"username": "desa-inan", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard:home")
    assert "Desa Inan" in response.text


@pytest.mark.django_db
def test_a_wrong_password_keeps_the_username_and_says_why_in_indonesian(client):
    response = client.post(
        reverse("accounts:login"), {"username": "desa-inan", "password": "salah"}
    )
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text
    assert 'value="desa-inan"' in response.text


@pytest.mark.django_db
def test_repeated_failures_lock_the_username_out(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "camat", "password": "salah"})
    response = client.post(reverse("accounts:login"), {"username": "camat", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.text


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(login):
    client = login("camat")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_password_change_is_audited_and_works(login, users):
    client = login("pmd")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-2026",
            "new_password2": "Sandi-Baru-2026",
        },
    )
    assert response.status_code == 302
    users["pmd"].refresh_from_db()
    assert users["pmd"].check_password("Sandi-Baru-2026")
    entry = AuditLog.objects.filter(action="accounts.user.password_changed").get()
    assert entry.actor == users["pmd"]
    assert "Sandi-Baru-2026" not in str(entry.new) + str(entry.old)


@pytest.mark.django_db
def test_password_reset_mail_goes_through_a_real_smtp_server_and_the_link_works(
    client, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.RUKO_BASE_URL = "https://ruko.balangankab.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": "desa-inan@paringin-selatan.test"},
            HTTP_HOST="localhost",  # the link never follows the Host header
        )
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "desa-inan@paringin-selatan.test"
    assert "kata sandi" in message["Subject"].lower()
    body = smtp_server.bodies()[0]
    assert "desa-inan" in body
    assert "localhost" not in body
    assert "RUKO PARSEL · Kecamatan Paringin Selatan" in body
    link = re.search(r"https://ruko\.balangankab\.go\.id(/atur-sandi/\S+)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    post_url = form_page.redirect_chain[-1][0]
    done = client.post(
        post_url, {"new_password1": "Inan-Maju-2026", "new_password2": "Inan-Maju-2026"}
    )
    assert done.status_code == 302
    from apps.accounts.models import User

    assert User.objects.get(username="desa-inan").check_password("Inan-Maju-2026")
    assert AuditLog.objects.filter(action="accounts.user.password_reset").exists()


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "siapa@contoh.test"})
    assert response.status_code == 302
    assert smtp_server.messages == []
