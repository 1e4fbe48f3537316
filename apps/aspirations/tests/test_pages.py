"""The public form, the tracking page and the office's inbox, as people use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.aspirations import services
from apps.aspirations.models import Aspiration
from apps.aspirations.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(office):
    return {
        "village": office.villages.get(slug="bungin").pk,
        "category": office.categories.get(name="Lembaga kemasyarakatan desa").pk,
        "title": "Karang Taruna tidak aktif",
        "text": "Pemuda ingin ada pelatihan keterampilan.",
        "name": "Budi Santoso",
        "contact": "0813 9999 0000",
    }


def test_a_citizen_sends_an_aspiration_and_reads_its_code(client, form_data):
    page = client.get("/aspirasi/")
    assert page.status_code == 200 and "Kirim aspirasi" in page.content.decode()
    response = client.post("/aspirasi/", form_data)
    aspiration = Aspiration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/aspirasi/lacak/{aspiration.tracking_code}/?baru=1"
    page = client.get(response["Location"]).content.decode()
    assert aspiration.tracking_code in page and "Diterima" in page
    assert "Budi" not in page  # the sender's name is never on the public page


def test_the_landing_page_and_the_header_lead_to_the_form(client):
    page = client.get("/").content.decode()
    assert 'href="/aspirasi/"' in page and 'href="/aspirasi/lacak/"' in page


def test_the_honeypot_refuses_and_keeps_what_was_typed(client, form_data):
    response = client.post("/aspirasi/", {**form_data, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Aspiration.objects.exists()
    page = response.content.decode()
    assert "Kosongkan isian" in page
    assert "Karang Taruna tidak aktif" in page and "Pemuda ingin ada pelatihan" in page


def test_the_rate_limit_says_so_in_indonesian_and_keeps_the_text(client, form_data):
    for _ in range(services.PER_ADDRESS_PER_HOUR):
        assert client.post("/aspirasi/", form_data).status_code == 302
    response = client.post("/aspirasi/", {**form_data, "title": "Yang keenam"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Terlalu banyak aspirasi" in page and "Yang keenam" in page
    assert Aspiration.objects.count() == services.PER_ADDRESS_PER_HOUR
    # Another address may still send.
    other = client.post("/aspirasi/", form_data, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_size_limits_are_enforced(client, form_data):
    response = client.post("/aspirasi/", {**form_data, "text": "x" * 3001})
    assert response.status_code == 400 and not Aspiration.objects.exists()


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (2.0, 20.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_kept_without_its_location(client, form_data, settings, tmp_path, login):
    settings.MEDIA_ROOT = tmp_path
    raw = _jpeg_with_location()
    assert b"KameraHP" in raw
    upload = SimpleUploadedFile("foto.jpg", raw, content_type="image/jpeg")
    assert client.post("/aspirasi/", {**form_data, "photo": upload}).status_code == 302
    aspiration = Aspiration.objects.get()
    stored = aspiration.photo.read()
    assert b"KameraHP" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()
    # Staff see it through the checked view; a village official does not.
    assert login("sekcam").get(f"/aspirasi/kotak-masuk/{aspiration.pk}/foto/").status_code == 200
    assert (
        login("desa-bungin").get(f"/aspirasi/kotak-masuk/{aspiration.pk}/foto/").status_code == 404
    )


def test_a_file_that_is_not_a_photo_is_refused(client, form_data):
    upload = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post("/aspirasi/", {**form_data, "photo": upload})
    assert response.status_code == 400 and not Aspiration.objects.exists()
    assert "Karang Taruna tidak aktif" in response.content.decode()


def test_lookup_by_code(client, send):
    aspiration = send()
    typed = aspiration.tracking_code.lower().replace("-", "")
    response = client.get("/aspirasi/lacak/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/aspirasi/lacak/{aspiration.tracking_code}/"
    missing = client.get("/aspirasi/lacak/", {"code": "ASP-2222-2222"})
    assert missing.status_code == 404 and "ASP-2222-2222" in missing.content.decode()
    assert client.get("/aspirasi/lacak/ASP-2222-2222/").status_code == 404


def test_the_public_page_shows_a_rejection_reason_but_no_officer(client, send, member):
    aspiration = send()
    services.aspiration_reject(
        acting=member("sekcam"), aspiration=aspiration, reason="Di luar kewenangan kecamatan."
    )
    page = client.get(f"/aspirasi/lacak/{aspiration.tracking_code}/").content.decode()
    assert "Di luar kewenangan kecamatan." in page and "Ditolak" in page
    assert "Siti Rahmah" not in page and "sekcam" not in page


def test_a_village_official_and_an_inspector_never_see_the_inbox(login, send):
    aspiration = send()
    for outsider in ("desa-bungin", "desa-inan", "kabupaten"):
        client = login(outsider)
        assert client.get("/aspirasi/kotak-masuk/").status_code == 404
        assert client.get(f"/aspirasi/kotak-masuk/{aspiration.pk}/").status_code == 404
        assert client.post(f"/aspirasi/kotak-masuk/{aspiration.pk}/aksi/review/").status_code == 404
        assert "/aspirasi/kotak-masuk/" not in client.get("/beranda/").content.decode()


def test_anonymous_senders_are_never_shown_to_staff(login, send):
    anonymous = send(anonymous=True, name="Budi Santoso", contact="0813 9999 0000")
    named = send(title="Lampu jalan", name="Rahmah Wati", contact="0812 5000 1111")
    client = login("camat")
    inbox = client.get("/aspirasi/kotak-masuk/").content.decode()
    assert anonymous.title in inbox and named.title in inbox
    page = client.get(f"/aspirasi/kotak-masuk/{anonymous.pk}/").content.decode()
    assert "Budi" not in page and "0813" not in page and "anonim" in page
    page = client.get(f"/aspirasi/kotak-masuk/{named.pk}/").content.decode()
    assert "Rahmah Wati" in page and "0812 5000 1111" in page


def test_a_step_from_the_inbox_page(login, send):
    aspiration = send()
    client = login("pmd")
    page = client.get(f"/aspirasi/kotak-masuk/{aspiration.pk}/").content.decode()
    assert 'id="step-answer"' in page and 'id="step-make_case"' not in page
    refused = client.post(
        f"/aspirasi/kotak-masuk/{aspiration.pk}/aksi/answer/", {"answer-answer": ""}
    )
    assert refused.status_code == 400
    done = client.post(
        f"/aspirasi/kotak-masuk/{aspiration.pk}/aksi/answer/",
        {"answer-answer": "Kami jadwalkan pembinaan."},
    )
    assert done.status_code == 302
    aspiration.refresh_from_db()
    assert aspiration.status == Status.ANSWERED and aspiration.answer == "Kami jadwalkan pembinaan."
    again = client.post(
        f"/aspirasi/kotak-masuk/{aspiration.pk}/aksi/answer/", {"answer-answer": "Lagi."}
    )
    assert again.status_code == 409 and "Lagi." in again.content.decode()


def test_the_inbox_runs_a_constant_number_of_queries(login, send, django_assert_max_num_queries):
    client = login("sekcam")
    send()
    with django_assert_max_num_queries(20) as few:
        client.get("/aspirasi/kotak-masuk/")
    for i in range(10):
        send(title=f"Aspirasi {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/aspirasi/kotak-masuk/")
