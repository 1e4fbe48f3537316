import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.models import Membership
from apps.core import clock
from apps.offices.services import masterdata_save
from apps.village_reports import defaults, services

WITA = timezone.get_default_timezone()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OWED_FROM = dt.date(2025, 1, 1)


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=WITA)


def pdf(name="laporan.pdf"):
    return SimpleUploadedFile(name, PDF)


def stunting_figures(measured=120, stunted=30, wasted=6, underweight=12, kek=2):
    return {
        defaults.MEASURED: measured,
        defaults.STUNTED: stunted,
        defaults.WASTED: wasted,
        defaults.UNDERWEIGHT: underweight,
        defaults.PREGNANT_KEK: kek,
    }


@pytest.fixture
def member(db):
    """The active membership of one of the house's people: `member("desa-inan")`."""

    def get(username):
        return Membership.objects.select_related("user", "office", "village", "section").get(
            user__username=username, is_active=True
        )

    return get


@pytest.fixture
def obligations(office):
    """The office's default obligations by code, owed from 1 January 2025 (whatever year the
    suite runs in)."""
    found = {}
    for obligation in office.obligation_types.select_related("section", "office"):
        if obligation.starts_on != OWED_FROM:
            masterdata_save(
                actor=None, office=office, instance=obligation, values={"starts_on": OWED_FROM}
            )
        found[obligation.code] = obligation
    return found


@pytest.fixture
def stunting(obligations):
    return obligations[defaults.STUNTING]


@pytest.fixture
def apbdes(obligations):
    return obligations["realisasi-apbdes-semester-1"]


@pytest.fixture
def send(member):
    """Submit a village's report at a moment: `send("desa-inan", stunting, date(2026, 2, 1),
    when=at(2026, 3, 5), figures=...)`."""

    def do(username, obligation, period, *, when, figures=None, files=None, note=""):
        if figures is None:
            figures = stunting_figures() if obligation.code == defaults.STUNTING else {}
            if obligation.code.startswith("realisasi-apbdes"):
                figures = {"realisasi-pendapatan": 900_000_000, "realisasi-belanja": 850_000_000}
        if files is None:
            files = [pdf()] if obligation.file_required else []
        with clock.frozen(when):
            return services.report_submit(
                acting=member(username),
                obligation=obligation,
                period_start=period,
                figures=figures,
                files=files,
                note=note,
            )

    return do
