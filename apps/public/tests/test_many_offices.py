"""One installation serves several kecamatan offices: every page, mail and document speaks
with the name of its own office, never Paringin Selatan's."""

import gzip
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from apps.accounts.models import Role
from apps.accounts.services import user_create
from apps.offices.models import Office
from apps.regions.services import regions_import

NATIONAL_CSV = Path(settings.BASE_DIR) / "data" / "wilayah_indonesia.csv.gz"


@pytest.fixture
def paringin(db, tmp_path):
    """Kecamatan Paringin (63.11.06) with its 16 real villages from the national file, set up
    with `setup_office` as a platform admin would."""
    with gzip.open(NATIONAL_CSV, "rt", encoding="utf-8") as national:
        rows = [line for line in national if line.startswith(("kode,", "63.11.06."))]
    villages = tmp_path / "paringin.csv"
    villages.write_text("".join(rows), encoding="utf-8")
    regions_import(path=villages)
    call_command("setup_office", "63.11.06", stdout=io.StringIO())
    return Office.objects.get(region__code="63.11.06")


def says_paringin_only(text: str) -> bool:
    return "Paringin" in text and "Paringin Selatan" not in text and "Selatan" not in text


@pytest.mark.django_db
def test_the_landing_page_presents_the_configured_office(client, paringin):
    with override_settings(RUKO_PUBLIC_OFFICE="63.11.06"):
        page = client.get("/")
    assert page.status_code == 200
    text = page.text
    assert says_paringin_only(text), "Paringin Selatan named on another office's page"
    assert "<h1>RUKO PARSEL: Rumah Koordinasi Paringin</h1>" in text
    assert "Tempat 14 desa dan 2 kelurahan di Kecamatan Paringin membawa" in text
    assert 'content="RUKO PARSEL: rumah koordinasi Kecamatan Paringin dan desa-desanya."' in text
    assert "Kecamatan Paringin, Kabupaten Balangan" in text
    assert "Kelurahan Paringin Timur" in text and "Desa Lasung Batu" in text


@pytest.mark.django_db
def test_without_the_setting_the_first_office_set_up_speaks(client, paringin, settings):
    settings.RUKO_PUBLIC_OFFICE = ""
    text = client.get("/").text
    assert "<h1>RUKO PARSEL: Rumah Koordinasi Paringin Selatan</h1>" in text
    assert "Tempat 15 desa dan 1 kelurahan di Kecamatan Paringin Selatan membawa" in text


@pytest.mark.django_db
def test_an_office_without_villages_yet_still_reads_well(client, paringin):
    from apps.offices.models import Village

    Village.objects.filter(office=paringin).delete()
    with override_settings(RUKO_PUBLIC_OFFICE="63.11.06"):
        text = client.get("/").text
    assert "Tempat desa-desa di Kecamatan Paringin membawa" in text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/beranda/", "/permasalahan/", "/notifikasi/"])
def test_a_staff_page_of_another_office_names_that_office(client, paringin, path):
    camat = user_create(
        acting=None,
        office=paringin,
        username="camat-paringin",
        full_name="Hj. Mariani",
        role=Role.HEAD,
        password="rahasia-kuat-123",
    )
    client.force_login(camat)
    page = client.get(path)
    assert page.status_code == 200, path
    assert says_paringin_only(page.text), path
    assert "Rumah Koordinasi Paringin" in page.text


@pytest.mark.django_db
def test_visitors_pages_name_the_public_office_and_inspectors_see_a_generic_house(
    client, login, paringin
):
    with override_settings(RUKO_PUBLIC_OFFICE="63.11.06"):
        assert says_paringin_only(client.get("/masuk/").text)
    inspector = login("kabupaten").get("/beranda/").text
    assert "<small>· Rumah Koordinasi Kecamatan</small>" in inspector


@pytest.mark.django_db
def test_the_api_description_names_the_callers_office(client, paringin):
    camat = user_create(
        acting=None,
        office=paringin,
        username="camat-paringin",
        full_name="Hj. Mariani",
        role=Role.HEAD,
        password="rahasia-kuat-123",
    )
    client.force_login(camat)
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "Kecamatan Paringin, Kabupaten Balangan" in description
    assert "Selatan" not in description
    client.logout()
    with override_settings(RUKO_PUBLIC_OFFICE="63.11.06"):
        visitor = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "Kecamatan Paringin," in visitor


@pytest.mark.django_db
def test_the_mails_of_another_office_name_that_office(
    client, paringin, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from apps.accounts.services import send_password_setup_mail
    from apps.cases.services import camat_digest_send
    from apps.notifications.models import OutboxEmail

    settings.RUKO_BASE_URL = "https://ruko.balangankab.go.id"
    camat = user_create(
        acting=None,
        office=paringin,
        username="camat-paringin",
        full_name="Hj. Mariani",
        email="camat@paringin.test",
        role=Role.HEAD,
        password="rahasia-kuat-123",  # the reset form mails only accounts with a password
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_password_setup_mail(user=camat, actor=None, office=paringin)
        client.post("/lupa-sandi/", {"email": "camat@paringin.test"})
        camat_digest_send()
    # All three leave through the outbox (setup, reset, digest) and reach the mail server.
    mails = list(OutboxEmail.objects.filter(to="camat@paringin.test").order_by("id"))
    assert [m.status for m in mails] == ["sent"] * 3
    assert sum("camat@paringin.test" in m.to for m in mailoutbox) == 3
    for body in (m.body for m in mails):
        assert says_paringin_only(body), body
        assert "Kecamatan Paringin" in body
        assert "https://ruko.balangankab.go.id/" in body
