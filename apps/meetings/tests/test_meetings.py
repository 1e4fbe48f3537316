"""Meetings: invitations with .ics through the outbox, answers, QR check-in only during the
meeting and once, attendance, minutes with decisions on the follow-up board, the PDFs, the
calendar feed, and who sees what (another village's private meeting is a 404)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.follow_ups.models import FollowUpOwner, FollowUpStatus
from apps.follow_ups.services import FollowUpInput
from apps.meetings import selectors, services
from apps.meetings.models import Invitation, Response
from apps.meetings.workflow import MeetingStatus
from apps.notifications.models import OutboxEmail
from apps.notifications.services import outbox_deliver
from apps.offices.services import masterdata_save
from tests_support.factories import membership_of

from .conftest import TUESDAY, at


@pytest.mark.django_db
def test_every_invited_official_gets_the_invitation_with_an_ics_exactly_once(
    rakor, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = rakor()
    invited = set(meeting.invitations.values_list("user__username", flat=True))
    assert invited == {"desa-inan", "desa-bungin", "kel-batu-piring", "pmd"}
    mails = OutboxEmail.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:")
    assert mails.count() == 4 and {m.attachment_name for m in mails} == {"undangan.ics"}
    event = Calendar.from_ical(mails.first().attachment_content).walk("VEVENT")[0]
    assert str(event["summary"]) == meeting.title
    assert event.decoded("dtstart") == meeting.starts_at
    assert meeting.letter_number.startswith("005/") and meeting.letter_number.endswith("/2026")
    outbox_deliver()
    outbox_deliver()  # a second run sends nothing again
    assert len(smtp_server.messages) == 4
    message = smtp_server.messages[0]
    parts = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert parts == ["undangan.ics"]


@pytest.mark.django_db
def test_check_in_only_during_the_meeting_once_and_only_with_its_code(rakor):
    meeting = rakor()
    inan = membership_of("desa-inan")
    with clock.frozen(at(TUESDAY, 9)):
        with pytest.raises(InvalidState):  # hours before the start
            services.meeting_check_in(acting=inan, meeting=meeting, token=meeting.checkin_token)
        services.invitation_respond(acting=inan, meeting=meeting, accept=True)
    with clock.frozen(at(TUESDAY, 12, 45)):  # within the half hour before
        with pytest.raises(DomainError):
            services.meeting_check_in(acting=inan, meeting=meeting, token="salah")
        services.meeting_check_in(acting=inan, meeting=meeting, token=meeting.checkin_token)
        with pytest.raises(InvalidState):
            services.meeting_check_in(acting=inan, meeting=meeting, token=meeting.checkin_token)
        with pytest.raises(NotAllowed):  # not invited
            services.meeting_check_in(
                acting=membership_of("desa-halubau"), meeting=meeting, token=meeting.checkin_token
            )
    with clock.frozen(at(TUESDAY, 15, 1)), pytest.raises(InvalidState):
        services.meeting_check_in(
            acting=membership_of("desa-bungin"), meeting=meeting, token=meeting.checkin_token
        )
    invitation = Invitation.objects.get(meeting=meeting, user__username="desa-inan")
    assert invitation.checked_in_at == at(TUESDAY, 12, 45)
    assert invitation.response == Response.ACCEPTED


@pytest.mark.django_db
def test_minutes_turn_decisions_into_follow_ups_on_the_one_board(rakor, office, login):
    meeting = rakor()
    inan_village = office.villages.get(slug="inan")
    sekcam = membership_of("sekcam")
    decision = FollowUpInput(
        action="Kirim rancangan RKPDes",
        owner_kind=FollowUpOwner.VILLAGE,
        owner_village=inan_village,
        due_date=TUESDAY + dt.timedelta(days=14),
    )
    with clock.frozen(at(TUESDAY, 12)), pytest.raises(InvalidState):  # not begun
        services.meeting_record_minutes(acting=sekcam, meeting=meeting, minutes="x")
    with clock.frozen(at(TUESDAY, 15, 30)):
        with pytest.raises(NotAllowed):  # a village does not write the minutes
            services.meeting_record_minutes(
                acting=membership_of("desa-inan"), meeting=meeting, minutes="x"
            )
        services.meeting_record_minutes(
            acting=sekcam,
            meeting=meeting,
            minutes="## Hasil\n\n- Disepakati jadwal.\n\n<script>alert(1)</script>",
            decisions=[decision],
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTED
    html = selectors.minutes_html(meeting.minutes)
    assert "<li>Disepakati jadwal.</li>" in html and "<script" not in html
    item = selectors.follow_ups_of(source_type="meeting", source_id=meeting.pk).get()
    assert item.owner_village == inan_village and item.village is None
    board = login("desa-inan").get(reverse("follow_ups:board"))
    assert "Kirim rancangan RKPDes" in board.text and meeting.title in board.text
    with clock.frozen(at(TUESDAY + dt.timedelta(days=2), 10)):
        from apps.follow_ups.services import follow_up_complete

        with pytest.raises(NotAllowed):
            follow_up_complete(acting=membership_of("desa-bungin"), follow_up=item, note="x")
        follow_up_complete(acting=membership_of("desa-inan"), follow_up=item, note="Terkirim")
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE


@pytest.mark.django_db
def test_the_pdfs_carry_the_title_the_camat_and_every_attendee(rakor, office, login):
    masterdata_save(
        actor=None,
        office=office,
        instance=office,
        values={"head_name": "Drs. H. Muhammad Rizali, M.Si.", "head_nip": "197503121998031005"},
    )
    meeting = rakor()
    sekcam = membership_of("sekcam")
    invitations = {i.user.username: i for i in meeting.invitations.select_related("user")}
    with clock.frozen(at(TUESDAY, 13, 5)):
        services.meeting_check_in(
            acting=membership_of("desa-inan"), meeting=meeting, token=meeting.checkin_token
        )
        services.attendance_record(
            acting=sekcam, meeting=meeting, present=[invitations["desa-bungin"].pk]
        )
    with clock.frozen(at(TUESDAY, 16)):
        services.meeting_record_minutes(acting=sekcam, meeting=meeting, minutes="Rapat lancar.")
    client = login("sekcam")
    attendees = ["Rahmadi", "Basri"]  # Inan (QR) and Bungin (ticked by the secretariat)
    for document, names in [
        ("undangan", ["Desa Inan", "Desa Bungin", "Kelurahan Batu Piring"]),
        ("daftar-hadir", [*attendees, "H. Syahrani, S.Sos."]),  # the absent are listed too
        ("notulen", attendees),
    ]:
        response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk, document]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        text = " ".join(text.split())
        assert meeting.title in text, document
        assert "Drs. H. Muhammad Rizali, M.Si." in text, document
        for name in names:
            assert name in text, (document, name)
    assert meeting.letter_number in text or document != "undangan"
    # A village reads the invitation and the minutes, never the attendance sheet of all.
    village = login("desa-inan")
    sheet = reverse("meetings:meeting_pdf", args=[meeting.pk, "daftar-hadir"])
    assert village.get(sheet).status_code == 404


@pytest.mark.django_db
def test_a_village_never_sees_another_villages_private_meeting(rakor, office, login):
    meeting = rakor()
    private = rakor(villages=list(office.villages.filter(slug="bungin")), title="Rapat Bungin",
                    room=None, place="Kantor Desa Bungin")  # fmt: skip
    public = rakor(
        villages=[],
        title="Sosialisasi terbuka",
        is_public=True,
        starts_at=at(TUESDAY, 15, 30),
        ends_at=at(TUESDAY, 16, 30),
    )
    inan = login("desa-inan")
    assert inan.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    assert inan.get(reverse("meetings:meeting", args=[private.pk])).status_code == 404
    for document in ("undangan", "notulen"):
        url = reverse("meetings:meeting_pdf", args=[private.pk, document])
        assert inan.get(url).status_code == 404
    assert inan.get(reverse("meetings:meeting", args=[public.pk])).status_code == 200
    with clock.frozen(at(TUESDAY, 8)):
        landing = login("desa-inan").get(reverse("public:landing"))
    assert "Sosialisasi terbuka" in landing.text and "Rapat Bungin" not in landing.text
    camat = login("camat")
    assert camat.get(reverse("meetings:meeting", args=[private.pk])).status_code == 200


@pytest.mark.django_db
def test_the_personal_feed_lists_my_meetings_behind_a_secret_address(rakor, login, client):
    meeting = rakor()
    login("desa-inan").get(reverse("meetings:feed_settings"))
    from apps.meetings.models import CalendarFeed

    token = CalendarFeed.objects.get(user__username="desa-inan").token
    client.logout()
    with clock.frozen(at(TUESDAY, 8)):
        feed = client.get(reverse("meetings:feed", args=[token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [meeting.title]
    assert client.get(reverse("meetings:feed", args=["x" * 43])).status_code == 404


@pytest.mark.django_db
def test_a_room_cannot_hold_two_meetings_at_once(rakor):
    rakor()
    with pytest.raises(InvalidState):
        rakor(title="Bentrok", starts_at=at(TUESDAY, 14), ends_at=at(TUESDAY, 16))
    rakor(title="Sesudahnya", starts_at=at(TUESDAY, 15), ends_at=at(TUESDAY, 16))


MEETING_PAGE_QUERIES = {"sekcam": 21, "desa-inan": 19}


@pytest.mark.django_db
@pytest.mark.parametrize("username", MEETING_PAGE_QUERIES)
def test_pages_keep_their_queries_however_many_meetings(
    rakor, office, login, username, django_assert_max_num_queries
):
    meeting = rakor()
    client = login(username)
    for name, args in [("meetings:meetings", []), ("meetings:agenda", []),
                       ("meetings:meeting", [meeting.pk])]:  # fmt: skip
        client.get(reverse(name, args=args))
        with django_assert_max_num_queries(MEETING_PAGE_QUERIES[username]) as few:
            client.get(reverse(name, args=args) + f"?date={TUESDAY:%Y-%m-%d}")
        for n in range(4):
            rakor(title=f"Rapat {n}", starts_at=at(TUESDAY, 8 + n), ends_at=at(TUESDAY, 8 + n, 30),
                  room=None, place="Aula desa")  # fmt: skip
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(reverse(name, args=args) + f"?date={TUESDAY:%Y-%m-%d}")
        assert page.status_code == 200
