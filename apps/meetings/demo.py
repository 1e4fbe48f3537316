"""Demo agenda for Paringin Selatan (RUKO_DEMO=1 only): consultation hours, a past
coordination meeting with minutes and action items in several states, an upcoming one with
invitations, booked consultations. Built through the services at back-dated times."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Membership
from apps.core import clock
from apps.follow_ups import services as follow_ups
from apps.follow_ups.models import FollowUpOwner
from apps.follow_ups.services import FollowUpInput
from apps.offices.models import Office
from apps.offices.services import masterdata_save

from . import selectors, services
from .models import Availability, Meeting, Room
from .services import AgendaInput


def _as(username: str, office: Office) -> Membership | None:
    return (
        Membership.objects.select_related("user", "office", "village", "section")
        .filter(user__username=username, office=office, is_active=True)
        .first()
    )


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def demo_agenda_seed(*, office: Office) -> int:
    """Create the demo agenda when the office has no meeting yet; returns meetings made."""
    if Meeting.objects.filter(office=office).exists():
        return 0
    sekcam, pmd = _as("sekcam", office), _as("pmd", office)
    if sekcam is None or pmd is None:
        return 0
    services.room_setup(office=office)
    room = Room.objects.filter(office=office).first()
    sections = {s.short_name: s for s in office.sections.all()}
    for short, weekday in (("PMD", 1), ("PMD", 3), ("PEM", 0), ("KESOS", 2)):
        if short in sections:
            masterdata_save(
                actor=None, office=office, instance=Availability(),
                values={"section": sections[short], "weekday": weekday, "room": room,
                        "start_time": time(9), "end_time": time(12)},
            )  # fmt: skip
    villages = list(office.villages.order_by("name"))
    today = clock.today()
    made = 0
    # A coordination meeting three weeks ago, with minutes and three action items.
    past_day = today - timedelta(days=21)
    with clock.frozen(_at(past_day - timedelta(days=7), 9)):
        past = services.meeting_schedule(
            acting=sekcam, kind="rakor", title="Rapat koordinasi percepatan penurunan stunting",
            starts_at=_at(past_day, 9), ends_at=_at(past_day, 12), section=sections["KESOS"],
            room=room, villages=villages[:6], is_public=True,
            agenda=[AgendaInput("Paparan data stunting per desa", "Seksi Kesos", 30),
                    AgendaInput("Rencana aksi desa", "Kepala desa", 60)],
        )  # fmt: skip
    made += 1
    for invitation in list(past.invitations.all())[:4]:
        with clock.frozen(_at(past_day, 9, 5)):
            services.attendance_record(acting=sekcam, meeting=past, present=[invitation.pk])
    with clock.frozen(_at(past_day, 14)):
        services.meeting_record_minutes(
            acting=sekcam, meeting=past,
            minutes="### Ringkasan\n\n- Angka stunting turun di empat desa.\n"
            "- Dua desa belum melaporkan data bulanan.\n\n**Kesepakatan**: data dikirim "
            "paling lambat tanggal 10 setiap bulan.",
            decisions=[
                FollowUpInput("Kirim data stunting bulanan", FollowUpOwner.VILLAGE,
                              past_day + timedelta(days=10), owner_village=villages[0]),
                FollowUpInput("Kunjungan monev posyandu", FollowUpOwner.SECTION,
                              past_day + timedelta(days=14), owner_section=sections["KESOS"]),
                FollowUpInput("Usulan PMT ke Dinas Kesehatan", FollowUpOwner.VILLAGE,
                              past_day + timedelta(days=30), owner_village=villages[1]),
            ],
        )  # fmt: skip
    first = selectors.follow_ups_of(source_type=services.SOURCE_TYPE, source_id=past.pk).first()
    kesos = _as("kesos", office)
    if first is not None:
        official = _as(f"desa-{first.owner_village.slug}", office) or kesos
        with clock.frozen(_at(past_day + timedelta(days=8), 10)):
            follow_ups.follow_up_complete(acting=official or sekcam, follow_up=first,
                                          note="Data sudah dikirim lewat e-mail.")  # fmt: skip
    # An upcoming socialisation with invitations.
    ahead = today + timedelta(days=5)
    services.meeting_schedule(
        acting=pmd, kind="sosialisasi", title="Sosialisasi penyusunan APBDes perubahan",
        starts_at=_at(ahead, 9), ends_at=_at(ahead, 11, 30), section=sections["PMD"], room=room,
        villages=villages, is_public=True,
        agenda=[AgendaInput("Regulasi APBDes perubahan", "Seksi PMD", 45)],
    )  # fmt: skip
    made += 1
    # Booked consultations: one requested, one confirmed.
    slots = [m for day in selectors.free_slots_for(section=sections["PMD"], start=today)
             for m in day.slots]  # fmt: skip
    for n, username in enumerate(("desa-inan", "desa-bungin")):
        official = _as(username, office)
        if official is None or len(slots) <= n * 3:
            continue
        consultation = services.consultation_book(
            acting=official, section=sections["PMD"], starts_at=slots[n * 3],
            topic="Konsultasi penyusunan laporan realisasi APBDes.",
        )  # fmt: skip
        if n == 1:
            services.consultation_confirm(acting=pmd, consultation=consultation)
    from apps.accounts.demo import DEMO_DOMAIN
    from apps.notifications.services import outbox_discard

    outbox_discard(recipient_domain=DEMO_DOMAIN)
    return made
