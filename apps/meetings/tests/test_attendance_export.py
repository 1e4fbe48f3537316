"""The attendance of a meeting as an Excel workbook: real types, and the same reach as the
meeting's page (a village its own people, another office nothing)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.meetings.models import Meeting
from apps.monitoring.tests.test_domain_sections import hand_built_meetings


def rows_of(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return sheet, list(sheet.iter_rows(values_only=True))


@pytest.fixture
def first_meeting(office):
    """3 March: Inan, Bungin and Batu Piring invited; Inan checked in by QR at 13:05, Bungin
    ticked by the secretariat; held."""
    hand_built_meetings(office)
    return Meeting.objects.get(starts_at__date=dt.date(2026, 3, 3))


@pytest.mark.django_db
def test_the_attendance_exports_with_real_types(first_meeting, login):
    client = login("sekcam")
    page = client.get(reverse("meetings:meeting", args=[first_meeting.pk]))
    url = reverse("meetings:attendance_export", args=[first_meeting.pk])
    assert f'href="{url}"' in page.text
    sheet, rows = rows_of(client.get(url))
    assert rows[0][0].startswith("Rapat koordinasi · 03/03/2026 13:00")
    assert rows[1] == ("Nama", "Desa", "Jabatan", "Jawaban", "Hadir", "Waktu hadir", "Cara hadir")
    by_village = {}
    for row in rows[2:]:
        by_village.setdefault(row[1], []).append(row)
    assert set(by_village) == {"Kelurahan Batu Piring", "Desa Bungin", "Desa Inan"}
    inan = next(r for r in by_village["Desa Inan"] if r[4] == "ya")
    assert inan[5] == dt.datetime(2026, 3, 3, 13, 5) and inan[6] == "Kode QR"
    assert all(r[4] == "tidak" and r[5] is None for r in by_village["Kelurahan Batu Piring"])
    row = 2 + rows[2:].index(inan) + 1
    assert sheet.cell(row=row, column=6).number_format == "DD/MM/YYYY HH:MM"


@pytest.mark.django_db
def test_a_village_exports_its_own_people_and_another_office_nothing(
    first_meeting, other_office, login
):
    url = reverse("meetings:attendance_export", args=[first_meeting.pk])
    _sheet, rows = rows_of(login("desa-bungin").get(url))
    assert rows[2:] and {r[1] for r in rows[2:]} == {"Desa Bungin"}
    assert login("camat-paringin").get(url).status_code == 404
    assert login("desa-lasung-batu").get(url).status_code == 404
