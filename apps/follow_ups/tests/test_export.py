"""The board's Excel export: the items of the board as filtered, with real types, and only
what the person may see on the board."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.core import clock
from apps.follow_ups.services import FollowUpInput
from apps.monitoring.tests.test_domain_sections import NOW, at, hand_built_follow_ups
from tests_support.factories import make_answered_case


def rows_of(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    return sheet, list(sheet.iter_rows(values_only=True))


@pytest.fixture
def items(office):
    """Inan's case with five items for Seksi PMD (two done in March, apps/monitoring's hand-
    built follow-ups), and Bungin's case with one item for Bungin itself."""
    hand_built_follow_ups(office)
    with clock.frozen(at(3, 2)):
        make_answered_case(
            village="desa-bungin",
            title="Jalan usaha tani rusak",
            follow_ups=[
                FollowUpInput(
                    "Kirim foto kerusakan", "desa", dt.date(2026, 3, 6),
                    owner_village=office.villages.get(slug="bungin"),
                )
            ],
        )  # fmt: skip


@pytest.mark.django_db
def test_the_board_exports_as_filtered_with_real_types(items, login):
    client = login("camat")
    with clock.frozen(NOW):
        page = client.get(reverse("follow_ups:board") + "?status=selesai")
        sheet, rows = rows_of(client.get(reverse("follow_ups:export") + "?status=selesai"))
    assert 'id="follow-ups-export"' in page.text and "excel/?status=selesai" in page.text
    assert rows[1] == (
        "Kecamatan", "Sumber", "Asal", "Tindakan", "Penanggung jawab", "Tenggat", "Status",
        "Selesai pada", "Tepat waktu", "Terlambat", "Catatan penyelesaian",
    )  # fmt: skip
    done = rows[2:]
    assert [r[3] for r in done] == ["Tindak lanjut 0", "Tindak lanjut 1"]
    first, second = done
    assert first[5] == dt.datetime(2026, 3, 10) and isinstance(first[7], dt.datetime)
    assert first[7] == dt.datetime(2026, 3, 9, 9)  # the office's local time
    assert (first[8], second[8]) == ("ya", "tidak")  # done the 9th; the 12th, late
    assert first[2].endswith(" · Pendampingan laporan APBDes") and first[4].startswith(
        "Seksi Pemberdayaan"
    )
    assert sheet.cell(row=3, column=6).number_format == "DD/MM/YYYY"
    assert sheet.cell(row=3, column=8).number_format == "DD/MM/YYYY HH:MM"
    with clock.frozen(NOW):
        _sheet, overdue = rows_of(client.get(reverse("follow_ups:export") + "?overdue=on"))
    # Due the 6th (Bungin's) and the 15th, open on the 20th.
    assert sorted(r[3] for r in overdue[2:]) == ["Kirim foto kerusakan", "Tindak lanjut 2"]
    assert all(r[9] == "ya" for r in overdue[2:])


@pytest.mark.django_db
def test_a_village_and_another_office_export_only_their_own(items, other_office, login):
    with clock.frozen(NOW):
        _sheet, bungin = rows_of(login("desa-bungin").get(reverse("follow_ups:export")))
        _sheet, theirs = rows_of(login("camat-paringin").get(reverse("follow_ups:export")))
        _sheet, everything = rows_of(login("camat").get(reverse("follow_ups:export")))
    assert [r[3] for r in bungin[2:]] == ["Kirim foto kerusakan"]
    assert theirs[2:] == []
    assert len(everything[2:]) == 6


@pytest.mark.django_db
def test_the_export_costs_the_same_queries_for_more_items(items, office, login):
    client = login("camat")
    url = reverse("follow_ups:export")

    def cost():
        with clock.frozen(NOW), CaptureQueriesContext(connection) as captured:
            rows_of(client.get(url))
        return len(captured)

    client.get(url)
    before = cost()
    with clock.frozen(at(3, 3)):
        make_answered_case(
            village="desa-tarangan",
            follow_ups=[
                FollowUpInput(f"Tambahan {n}", "desa", dt.date(2026, 3, 20),
                              owner_village=office.villages.get(slug="tarangan"))
                for n in range(5)
            ],
        )  # fmt: skip
    assert cost() == before
