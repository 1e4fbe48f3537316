import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.models import Membership
from apps.cases import services
from apps.core import clock

WITA = timezone.get_default_timezone()


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def member(db):
    """The active membership of a demo account: `member("desa-inan")`."""

    def get(username):
        return Membership.objects.select_related("user", "office", "village", "section").get(
            user__username=username, is_active=True, office__region__code="63.11.07"
        )

    return get


@pytest.fixture
def submit(member, office):
    """Submit a case as a village official, optionally at a given time."""

    def do(
        username="desa-inan",
        *,
        when=None,
        category="Keuangan desa",
        urgency="sedang",
        title="Pendampingan laporan APBDes",
        description="Kami butuh pendampingan laporan realisasi APBDes semester I.",
        attachments=None,
        key="",
    ):
        m = member(username)
        with clock.frozen(when or clock.now()):
            return services.case_submit(
                acting=m,
                category=office.categories.get(name=category),
                urgency=urgency,
                title=title,
                description=description,
                attachments=attachments,
                idempotency_key=key,
            ).case

    return do


@pytest.fixture
def walk(member, office):
    """Move a case forward through the usual steps up to `until`."""

    def do(case, until, *, when=None):
        sekcam, camat = member("sekcam"), member("camat")
        officer = member("pmd")
        steps = ["verify", "dispose", "assign", "answer", "confirm"]
        with clock.frozen(when or clock.now()):
            for step in steps[: steps.index(until) + 1]:
                if step == "verify":
                    services.case_verify(acting=sekcam, case=case)
                elif step == "dispose":
                    services.case_dispose(
                        acting=camat,
                        case=case,
                        section=office.sections.get(short_name="PMD"),
                        instruction="Segera tindak lanjuti.",
                    )
                elif step == "assign":
                    services.case_assign(acting=officer, case=case)
                elif step == "answer":
                    services.case_answer(
                        acting=officer,
                        case=case,
                        response="Kami jadwalkan pendampingan.",
                        solution="Pendampingan hari Kamis.",
                    )
                elif step == "confirm":
                    village = member("desa-inan") if case.village.slug == "inan" else None
                    services.case_confirm(
                        acting=village,
                        case=case,
                        rating=5,
                        comment="Terima kasih",
                    )
        case.refresh_from_db()
        return case

    return do
