import datetime as dt

import pytest
from django.utils import timezone

from apps.meetings import services
from apps.meetings.models import Availability, Room
from apps.offices.services import masterdata_save
from tests_support.factories import membership_of

WITA = timezone.get_default_timezone()
# A Tuesday without holidays: consultation hours of Seksi PMD are on Tuesdays 09:00-12:00.
TUESDAY = dt.date(2026, 3, 3)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


@pytest.fixture
def pmd_hours(office):
    """Seksi PMD receives villages on Tuesdays 09:00-12:00 in the RUKO room."""
    room = Room.objects.get(office=office, name="Ruang RUKO PARSEL")
    masterdata_save(
        actor=None,
        office=office,
        instance=Availability(),
        values={
            "section": office.sections.get(short_name="PMD"),
            "weekday": 1,
            "start_time": dt.time(9),
            "end_time": dt.time(12),
            "room": room,
        },
    )
    return room


@pytest.fixture
def rakor(office):
    """A coordination meeting on TUESDAY 09:00-11:00 in the RUKO room, scheduled by sekcam a
    week before, inviting Inan, Bungin and Batu Piring (and the PMD officer)."""

    def make(**overrides):
        values = {
            "kind": "rakor",
            "title": "Rapat koordinasi penyusunan RKPDes",
            "starts_at": at(TUESDAY, 13),
            "ends_at": at(TUESDAY, 15),
            "section": office.sections.get(short_name="PEM"),
            "room": Room.objects.get(office=office, name="Ruang RUKO PARSEL"),
            "villages": list(office.villages.filter(slug__in=["inan", "bungin", "batu-piring"])),
            "people": [membership_of("pmd").user],
            "agenda": [services.AgendaInput("Paparan RKPDes", "Seksi Pemerintahan", 30)],
        } | overrides
        from apps.core import clock

        with clock.frozen(at(TUESDAY - dt.timedelta(days=7), 9)):
            return services.meeting_schedule(acting=membership_of("sekcam"), **values)

    return make
