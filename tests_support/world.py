"""A compact world for the authorization table (apps/core/tests/test_authorization.py): one
object of every kind that has an address, belonging to the village Inan, the section PMD
(Trantib for the early warning, its issuing section) and the office of Paringin Selatan; and
the second office of Paringin with its village Lasung Batu. Built through the services, as the
app builds them, inside the test's transaction."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests_support.factories import make_answered_case, make_other_office, membership_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def jpeg(name: str = "foto.jpg") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@dataclass
class World:
    """Objects by name; `kwargs` of a route are read from them (see the table)."""

    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def open_consultation_hours(section):
    """The section receives villages every weekday 09:00-12:00 in the RUKO room; returns its
    first free slot."""
    from apps.core import clock
    from apps.meetings import selectors as meeting_selectors
    from apps.meetings.models import Availability, Room
    from apps.offices.services import masterdata_save

    room = Room.objects.get(office=section.office, name="Ruang RUKO PARSEL")
    for weekday in range(5):
        masterdata_save(
            actor=None,
            office=section.office,
            instance=Availability(),
            values={
                "section": section,
                "weekday": weekday,
                "start_time": dt.time(9),
                "end_time": dt.time(12),
                "room": room,
            },
        )
    return next(
        start
        for days in meeting_selectors.free_slots_for(section=section, start=clock.today())
        for start in days.slots
    )


def other_office_case():
    """A case of Lasung Batu, a village of the other office (make_other_office first)."""
    from apps.cases import services as cases

    official = membership_of("desa-lasung-batu")
    return cases.case_submit(
        acting=official,
        category=official.office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Rahasia Lasung Batu",
        description="Masalah yang hanya untuk kecamatan Paringin.",
    ).case


def make_world() -> World:
    from apps.alerts import services as alerts
    from apps.alerts.models import EmergencyContact
    from apps.alerts.values import Certainty, Hazard, Severity, Urgency
    from apps.api.services import api_token_create
    from apps.aspirations.services import submit_aspiration
    from apps.cases import services as cases
    from apps.core import clock
    from apps.follow_ups.models import FollowUp, FollowUpOwner
    from apps.follow_ups.services import FollowUpInput, follow_up_complete
    from apps.knowledge.models import Kind, Status, Visibility
    from apps.knowledge.services import article_save
    from apps.meetings import services as meetings
    from apps.meetings.models import Room
    from apps.monitoring.periods import make_period
    from apps.monitoring.services import activity_report_build, activity_report_request
    from apps.notifications.models import Notification
    from apps.offices.services import masterdata_save
    from apps.village_reports import defaults
    from apps.village_reports import services as reports

    other = make_other_office()
    inan, camat, sekcam = (membership_of(u) for u in ("desa-inan", "camat", "sekcam"))
    pmd, trantib = membership_of("pmd"), membership_of("trantib")
    office = inan.office
    village = inan.village
    section = pmd.section
    w = World()
    o = w.objects
    o.update(office=office, village=village, section=section, other_office=other)
    o["other_village"] = other.villages.get(slug="lasung-batu")
    o["bungin"] = office.villages.get(slug="bungin")
    o["pmd_membership"] = pmd
    o["category"] = office.categories.order_by("pk").first()

    # A case of Inan, answered by PMD, with a follow-up the village owns and evidence on it.
    o["case"] = case = make_answered_case(
        follow_ups=[
            FollowUpInput(
                "Kirim dokumen APBDes",
                FollowUpOwner.VILLAGE,
                clock.today() + dt.timedelta(days=10),
                owner_village=village,
            ),
            FollowUpInput(
                "Pendampingan operator",
                FollowUpOwner.SECTION,
                clock.today() + dt.timedelta(days=10),
                owner_section=section,
            ),
        ]
    )
    follow_up, open_follow_up = FollowUp.objects.filter(
        source_type="case", source_id=case.pk
    ).order_by("pk")
    o["open_follow_up"] = open_follow_up
    o["follow_up"] = follow_up
    follow_up_complete(acting=inan, follow_up=follow_up, note="Terkirim.", evidence=[pdf()])
    o["evidence"] = follow_up.evidence.first()
    # A second case, with an attachment, waiting for verification; and a shared issue.
    second = cases.case_submit(
        acting=inan,
        category=office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Pelatihan operator SISKEUDES",
        description="Operator baru belum pernah dilatih.",
        attachments=[pdf()],
    ).case
    o["case_new"] = second
    o["attachment"] = second.attachments.first()
    cases.case_verify(acting=sekcam, case=second)
    o["shared_issue"] = cases.shared_issue_create(
        acting=camat, cases=[second], title="Operator SISKEUDES"
    )

    # An early warning to Inan alone, by Trantib; an incident Inan reported, with a photo;
    # an emergency contact of Inan.
    o["alert"] = alerts.alert_create(
        acting=trantib,
        values=alerts.AlertInput(
            hazard=Hazard.FLOOD,
            severity=Severity.SEVERE,
            urgency=Urgency.EXPECTED,
            certainty=Certainty.LIKELY,
            headline="Sungai Balangan berpotensi meluap",
            description="Tinggi muka air naik.",
            instruction="Siapkan perahu.",
            expires=clock.now() + dt.timedelta(hours=12),
            villages=[village],
        ),
        issue=True,
    )
    incident = alerts.incident_report(
        acting=inan,
        values=alerts.IncidentInput(
            village=village,
            hazard=Hazard.FLOOD,
            occurred_at=clock.now() - dt.timedelta(hours=1),
            place="RT 02",
            description="Air masuk rumah warga.",
        ),
        photos=[jpeg()],
    ).incident
    o["incident"] = incident
    o["incident_photo"] = incident.photos.first()
    o["contact"] = alerts.readiness_record_save(
        acting=trantib,
        village=village,
        instance=EmergencyContact(),
        values={"name": "Rahmadi", "position": "Kepala Desa", "phone": "081234567890"},
    )

    # A PMD meeting inviting Inan, held, with minutes and a photo; a consultation Inan booked.
    room = Room.objects.get(office=office, name="Ruang RUKO PARSEL")
    wita = timezone.get_default_timezone()
    day = clock.today() - dt.timedelta(days=7)
    with clock.frozen(dt.datetime.combine(day - dt.timedelta(days=7), dt.time(9), tzinfo=wita)):
        meeting = meetings.meeting_schedule(
            acting=sekcam,
            kind="rakor",
            title="Rapat koordinasi APBDes",
            starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=wita),
            ends_at=dt.datetime.combine(day, dt.time(11), tzinfo=wita),
            section=section,
            room=room,
            villages=[village],
        )
    with clock.frozen(dt.datetime.combine(day, dt.time(12), tzinfo=wita)):
        meetings.meeting_hold(acting=sekcam, meeting=meeting)
        meetings.meeting_record_minutes(
            acting=sekcam, meeting=meeting, minutes="Notulen.", photos=[jpeg()]
        )
    o["meeting"] = meeting
    o["meeting_photo"] = meeting.photos.first()
    o["upcoming"] = meetings.meeting_schedule(
        acting=sekcam,
        kind="rakor",
        title="Rapat koordinasi berikutnya",
        starts_at=clock.now() + dt.timedelta(days=3),
        ends_at=clock.now() + dt.timedelta(days=3, hours=2),
        section=section,
        room=room,
        villages=[village],
    )
    o["slot"] = open_consultation_hours(section)
    o["consultation"] = meetings.consultation_book(
        acting=inan, section=section, starts_at=o["slot"], topic="Konsultasi APBDes."
    )
    o["feed"] = meetings.calendar_feed_ensure(acting=inan)

    # A stunting report of Inan for last month (figures only).
    stunting = office.obligation_types.get(code=defaults.STUNTING)
    masterdata_save(
        actor=None, office=office, instance=stunting, values={"starts_on": dt.date(2025, 1, 1)}
    )
    last_month = (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    o["obligation"] = stunting
    o["period"] = last_month
    o["submission"] = reports.report_submit(
        acting=inan,
        obligation=stunting,
        period_start=last_month,
        figures={
            defaults.MEASURED: 100,
            defaults.STUNTED: 20,
            defaults.WASTED: 5,
            defaults.UNDERWEIGHT: 10,
            defaults.PREGNANT_KEK: 1,
        },
        files=[pdf("stunting.pdf")],
    )
    o["report_file"] = o["submission"].files.first()

    # The office's activity report; an API token and a notification of Inan's official.
    o["activity_report"] = activity_report_request(
        acting=camat, office=office, period=make_period("month", last_month.year, last_month.month)
    )
    activity_report_build(report_id=o["activity_report"].pk)
    o["token"], _secret = api_token_create(user=inan.user, name="ponsel")
    o["notification"] = Notification.objects.filter(recipient=inan.user).first()
    # A date a new follow-up may be due on: within two years of the world's today.
    o["due_date"] = clock.today() + dt.timedelta(days=30)

    # A citizen's aspiration to the office about Inan, with a photo, routed to PMD.
    o["aspiration"] = submit_aspiration(
        office=office,
        village=village,
        category=office.categories.get(name="Keuangan desa"),
        title="Jalan desa rusak",
        text="Jalan menuju sekolah berlubang.",
        anonymous=True,
        photo=jpeg(),
    )

    # The knowledge base: a published article of each visibility (the villages' one with a
    # file), a staff-only draft, and a resolved case whose answer may become an article.
    for name, visibility, status, files in (
        ("article_public", Visibility.PUBLIC, Status.PUBLISHED, []),
        ("article_villages", Visibility.VILLAGES, Status.PUBLISHED, [pdf("templat.pdf")]),
        ("article_staff", Visibility.STAFF, Status.PUBLISHED, []),
        ("article_draft", Visibility.STAFF, Status.DRAFT, []),
    ):
        o[name] = article_save(
            acting=pmd,
            values={
                "kind": Kind.SOP,
                "title": f"SOP {name}",
                "summary": "",
                "body": "Langkah-langkah.",
                "category": o["category"],
                "visibility": visibility,
                "status": status,
            },
            files=files,
        )
    o["article_file"] = o["article_villages"].files.first()
    resolved = make_answered_case(title="Permasalahan yang selesai")
    o["resolved_case"] = cases.case_confirm(acting=inan, case=resolved, rating=5)
    return w
