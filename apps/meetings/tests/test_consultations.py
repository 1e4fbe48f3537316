"""Consultations: free slots from the section's hours and the office calendar, no double
booking of the room or the officer (enforced by the database, also under concurrent
requests on PostgreSQL), the steps of either side, reminders a day and an hour before, and
another village's consultation is a 404."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from apps.accounts.models import Role
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.meetings import selectors, services
from apps.meetings.models import AvailabilityException, Consultation, SlotClaim
from apps.meetings.workflow import ConsultationStatus
from apps.notifications.models import Notification
from apps.offices.models import Holiday
from apps.offices.services import masterdata_save
from tests_support.factories import make_person, membership_of

from .conftest import TUESDAY, at

BEFORE = at(TUESDAY - dt.timedelta(days=3), 10)  # the Saturday before


def book(username, hour=9, minute=0, **extra):
    pmd = membership_of("pmd").section
    with clock.frozen(BEFORE):
        return services.consultation_book(
            acting=membership_of(username),
            section=pmd,
            starts_at=at(TUESDAY, hour, minute),
            topic="Konsultasi laporan realisasi APBDes",
            **extra,
        )


@pytest.mark.django_db
def test_free_slots_follow_the_hours_the_calendar_and_the_bookings(office, pmd_hours):
    pmd = office.sections.get(short_name="PMD")
    with clock.frozen(BEFORE):
        days = selectors.free_slots_for(section=pmd, start=TUESDAY - dt.timedelta(days=1), days=9)
    assert [d.day for d in days] == [TUESDAY, TUESDAY + dt.timedelta(days=7)]
    assert [s.strftime("%H:%M") for s in days[0].slots] == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
    ]  # fmt: skip
    book("desa-inan")
    next_week, in_two = TUESDAY + dt.timedelta(days=7), TUESDAY + dt.timedelta(days=14)
    masterdata_save(
        actor=None, office=office, instance=Holiday(), values={"date": next_week, "name": "Cuti"}
    )
    AvailabilityException.objects.create(office=office, section=pmd, date=in_two)
    with clock.frozen(BEFORE):
        days = selectors.free_slots_for(section=pmd, start=TUESDAY, days=15)
    assert [d.day for d in days] == [TUESDAY]  # the holiday and the day off are closed
    assert days[0].slots[0].strftime("%H:%M") == "09:30"  # 09:00 is taken (one officer)
    with clock.frozen(BEFORE), pytest.raises(DomainError):  # outside the hours
        services.consultation_book(acting=membership_of("desa-bungin"), section=pmd,
                                   starts_at=at(TUESDAY, 13), topic="x")  # fmt: skip


@pytest.mark.django_db
def test_no_double_booking_of_the_room_or_the_officer(office, pmd_hours):
    first = book("desa-inan")
    assert SlotClaim.objects.filter(consultation=first).count() == 2  # the room and the officer
    with pytest.raises(InvalidState):
        book("desa-bungin")  # same slot: the only PMD officer is taken
    # A second PMD officer: the officer is free, but the room is still taken.
    make_person(office=office, username="pmd2", full_name="Petugas Dua", role=Role.OFFICER,
                section=office.sections.get(short_name="PMD"))  # fmt: skip
    with pytest.raises(InvalidState):
        book("desa-bungin")
    book("desa-bungin", 9, 30)
    services.consultation_cancel(acting=membership_of("desa-inan"), consultation=first,
                                 reason="Kepala desa berhalangan")  # fmt: skip
    book("desa-halubau")  # the cancelled slot is free again


@pytest.mark.django_db
def test_the_section_confirms_or_proposes_and_either_side_cancels(office, pmd_hours, login):
    consultation = book("desa-inan")
    inan, pmd = membership_of("desa-inan"), membership_of("pmd")
    with pytest.raises(NotAllowed):
        services.consultation_confirm(acting=inan, consultation=consultation)
    with clock.frozen(BEFORE):
        services.consultation_propose(
            acting=pmd, consultation=consultation, starts_at=at(TUESDAY, 11)
        )
    assert consultation.status == ConsultationStatus.PROPOSED
    assert (
        list(
            SlotClaim.objects.filter(consultation=consultation).values_list("starts_at", flat=True)
        )
        == [at(TUESDAY, 11)] * 2
    )
    with pytest.raises(NotAllowed):
        services.consultation_accept(acting=pmd, consultation=consultation)
    services.consultation_accept(acting=inan, consultation=consultation)
    assert consultation.status == ConsultationStatus.CONFIRMED
    with pytest.raises(InvalidState):
        services.consultation_confirm(acting=pmd, consultation=consultation)
    with pytest.raises(DomainError):
        services.consultation_cancel(acting=pmd, consultation=consultation, reason=" ")
    services.consultation_cancel(acting=pmd, consultation=consultation, reason="Rapat mendadak")
    assert not SlotClaim.objects.filter(consultation=consultation).exists()
    assert Notification.objects.filter(recipient__username="desa-inan",
                                       title__contains="dibatalkan").exists()  # fmt: skip


@pytest.mark.django_db
def test_another_village_never_sees_a_consultation(office, pmd_hours, login):
    consultation = book("desa-inan")
    bungin = login("desa-bungin")
    assert bungin.get(reverse("meetings:consultation", args=[consultation.pk])).status_code == 404
    listing = bungin.get(reverse("meetings:consultations"))
    assert "Konsultasi laporan" not in listing.text
    agenda = bungin.get(reverse("meetings:agenda") + f"?date={TUESDAY:%Y-%m-%d}")
    assert "Desa Inan" not in agenda.text
    posted = bungin.post(
        reverse("meetings:consultation_step", args=[consultation.pk, "cancel"]), {"reason": "x"}
    )
    assert posted.status_code == 404
    staff = login("pmd").get(reverse("meetings:consultation", args=[consultation.pk]))
    assert staff.status_code == 200


@pytest.mark.django_db
def test_reminders_go_the_day_before_and_an_hour_before_each_once(office, pmd_hours):
    consultation = book("desa-inan", 10)
    services.consultation_confirm(acting=membership_of("pmd"), consultation=consultation)

    def remind(day, hour, minute=0):
        return services.consultations_remind(now=at(day, hour, minute))

    monday = TUESDAY - dt.timedelta(days=1)
    assert remind(monday, 9, 55) == {"day": 0, "hour": 0}  # more than a day ahead
    assert remind(monday, 10, 0) == {"day": 1, "hour": 0}
    assert remind(monday, 16) == {"day": 0, "hour": 0}  # once
    assert remind(TUESDAY, 8, 55) == {"day": 0, "hour": 0}
    assert remind(TUESDAY, 9, 0) == {"day": 0, "hour": 1}
    assert remind(TUESDAY, 9, 30) == {"day": 0, "hour": 0}
    titles = list(
        Notification.objects.filter(recipient__username="desa-inan", dedupe_key__contains="remind")
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert len(titles) == 2 and "besok" in titles[0] and "satu jam" in titles[1]
    assert (
        Notification.objects.filter(
            recipient__username="pmd", dedupe_key__contains="remind"
        ).count()
        == 2
    )
    # A booking made within the last hour gets no day-before reminder.
    late = book("desa-bungin", 11)
    services.consultation_confirm(acting=membership_of("pmd"), consultation=late)
    assert remind(TUESDAY, 10, 15) == {"day": 0, "hour": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite "
                    "serialises every write, so two bookings can never race there")  # fmt: skip
@pytest.mark.django_db(transaction=True)
def test_two_villages_clicking_the_same_slot_at_once_get_one_booking(office, pmd_hours):
    pmd = membership_of("pmd").section
    barrier = threading.Barrier(2)
    results = {}

    def attempt(username):
        try:
            acting = membership_of(username)
            barrier.wait(timeout=10)
            with clock.frozen(BEFORE):
                services.consultation_book(acting=acting, section=pmd,
                                           starts_at=at(TUESDAY, 9), topic=username)  # fmt: skip
            results[username] = "booked"
        except InvalidState:
            results[username] = "taken"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in ("desa-inan", "desa-bungin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results.values()) == ["booked", "taken"], results
    assert Consultation.objects.count() == 1
    assert SlotClaim.objects.count() == 2
