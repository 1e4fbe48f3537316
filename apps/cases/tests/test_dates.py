"""One way to write dates on every page (issue 7)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.cases import services
from apps.offices.models import Holiday
from apps.offices.services import masterdata_save

from .conftest import at

MONTH = r"(Jan|Feb|Mar|Apr|Mei|May|Jun|Jul|Agu|Aug|Sep|Okt|Oct|Nov|Des|Dec)"
ONE_FORMAT = re.compile(rf"^\d{{1,2}} {MONTH} \d{{4}}( \d{{2}}:\d{{2}})?$")
# Anything that looks like a day: "6 Jan 2026", "6 Des. 2026", "06-01-2026", "2026-01-06".
A_DAY = re.compile(
    rf"\b\d{{1,2}} {MONTH}\.? \d{{4}}(,? \d{{1,2}}[.:]\d{{2}})?|\b\d{{2}}[-/]\d{{2}}[-/]\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
)


def days_on(text):
    text = re.sub(r"<svg.*?</svg>|<input[^>]*>", "", text, flags=re.S)  # drawings, form values
    return {match.group(0) for match in A_DAY.finditer(text)}


@pytest.mark.django_db
def test_every_page_writes_days_and_moments_one_way(login, submit, walk, office, users):
    late = submit(when=at(2026, 1, 5))
    answered = walk(submit(when=at(2026, 1, 6)), "answer", when=at(2026, 1, 8))
    services.cases_mark_overdue(now=at(2026, 2, 2))  # notifies "overdue since …"
    masterdata_save(
        actor=users["camat"],
        office=office,
        instance=Holiday(office=office),
        values={"date": dt.date(2026, 12, 24), "name": "Hari jadi Balangan", "kind": "lokal"},
    )
    pages = {
        "camat": ["/beranda/", "/permasalahan/", "/notifikasi/", "/kelola/kalender/"],
        "pmd": ["/beranda/", "/notifikasi/"],
        "desa-inan": ["/beranda/", "/permasalahan/"],
    }
    seen = set()
    for username, paths in pages.items():
        client = login(username)
        for path in [*paths, reverse("cases:detail", args=[late.pk])]:
            seen |= days_on(client.get(path).text)
        seen |= days_on(client.get(reverse("cases:detail", args=[answered.pk])).text)
    assert {"6 Jan 2026", "24 Des 2026"} <= seen  # a case's deadline, the office calendar
    assert [day for day in seen if not ONE_FORMAT.match(day)] == []
