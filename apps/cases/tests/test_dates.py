"""One way to write dates on every page, and deadlines that show when they have passed
(issue 7). What a person sees of it on a phone: core/tests/test_browser_phone.py."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.cases import services
from apps.cases.services import FollowUpInput
from apps.core import clock
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


@pytest.mark.django_db
def test_past_deadlines_and_follow_ups_are_marked_overdue_before_the_sweep(
    login, submit, walk, member
):
    unverified = submit(when=at(2026, 1, 5))
    unanswered = walk(submit(when=at(2026, 1, 5)), "assign", when=at(2026, 1, 5))
    answered = walk(submit(when=at(2026, 1, 5)), "assign", when=at(2026, 1, 5))
    with clock.frozen(at(2026, 1, 6)):
        services.case_answer(
            acting=member("pmd"),
            case=answered,
            response="Kami dampingi.",
            solution="",
            follow_ups=[
                FollowUpInput(action="Kirim format laporan", owner_kind="desa", due_date=day)
                for day in (dt.date(2026, 1, 9), dt.date(2026, 1, 20))
            ],
        )
    client = login("camat")

    def marks(case, now):
        with clock.frozen(now):
            return client.get(reverse("cases:detail", args=[case.pk])).text.count("terlambat")

    # The overdue sweep has not run: the page reads the deadlines itself.
    assert marks(unverified, at(2026, 1, 6)) == 0
    assert marks(unverified, at(2026, 1, 20)) == 2  # by the status, by "Verify by"
    assert marks(unanswered, at(2026, 1, 6)) == 0
    assert marks(unanswered, at(2026, 3, 2)) == 2  # by the status, by "Answer by"
    assert marks(answered, at(2026, 1, 8)) == 0
    assert marks(answered, at(2026, 1, 12)) == 1  # the follow-up due on 9 Jan
    assert marks(answered, at(2026, 1, 21)) == 2  # both
    follow_up = answered.follow_ups.get(due_date=dt.date(2026, 1, 9))
    with clock.frozen(at(2026, 1, 21)):
        services.follow_up_complete(acting=member("desa-inan"), follow_up=follow_up, note="Sudah")
    assert marks(answered, at(2026, 1, 21)) == 1  # done is never late
