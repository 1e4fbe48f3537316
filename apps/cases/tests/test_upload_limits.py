"""The file limits: named in the help text, and a request with too many files keeps the form
and what was typed in it (issue 7). Browser-side checks: core/tests/test_browser_phone.py."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.cases import services
from apps.core import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdfs(count):
    return [SimpleUploadedFile(f"foto-{n}.pdf", PDF) for n in range(count)]


def test_the_form_limit_is_below_the_request_limit():
    # Past the request limit the form gets only that many files: still more than it accepts.
    assert uploads.MAX_FILES < settings.DATA_UPLOAD_MAX_NUMBER_FILES


@pytest.mark.django_db
def test_the_help_text_names_the_limits(login):
    page = login("desa-inan").get(reverse("cases:submit"))
    assert "paling banyak 5 berkas, masing-masing paling besar 10 MB" in page.text
    assert 'data-max-files="5"' in page.text and f'data-max-bytes="{10 * 1024 * 1024}"' in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("count", [6, 11, 30])
def test_too_many_files_keep_the_form_and_say_what_to_change(login, office, count):
    response = login("desa-inan").post(
        reverse("cases:submit"),
        {
            "category": office.categories.get(name="Keuangan desa").pk,
            "urgency": "tinggi",
            "title": "Judul yang saya ketik",
            "description": "Uraian panjang yang tidak boleh hilang.",
            "idempotency_key": "k1",
            "attachments": pdfs(count),
        },
    )
    assert response.status_code == 200, response.content[:200]
    assert "Kirim paling banyak 5 berkas sekaligus." in response.text
    assert 'value="Judul yang saya ketik"' in response.text
    assert "Uraian panjang yang tidak boleh hilang." in response.text
    assert response.context["form"].data["urgency"] == "tinggi"


@pytest.mark.django_db
def test_too_many_files_on_a_step_form_keep_it_too(login, submit, member):
    case = submit()
    services.case_return(acting=member("sekcam"), case=case, reason="Lampirkan daftar hadir.")
    response = login("desa-inan").post(
        reverse("cases:action", args=[case.pk, "resubmit"]),
        {"description": "Daftar hadir saya lampirkan.", "attachments": pdfs(12)},
    )
    assert response.status_code == 400
    assert "Kirim paling banyak 5 berkas sekaligus." in response.text
    assert "Daftar hadir saya lampirkan." in response.text
    case.refresh_from_db()
    assert case.status == "dikembalikan" and not case.attachments.exists()
