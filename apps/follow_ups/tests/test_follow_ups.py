"""The one board of follow-ups: who sees and completes what, reminders before the due date
and escalation after it (each once, through the outbox), constant queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.core import clock
from apps.core.errors import InvalidState, NotAllowed
from apps.follow_ups import services
from apps.follow_ups.models import FollowUpOwner, FollowUpStatus
from apps.follow_ups.services import FollowUpInput
from apps.notifications.models import Notification, OutboxEmail
from tests_support.factories import make_answered_case, membership_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WITA = timezone.get_default_timezone()


def at(day: dt.date, hour=7, minute=15):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


def items_for_inan(office, due):
    return [
        FollowUpInput(action="Kirim daftar hadir", owner_kind=FollowUpOwner.VILLAGE, due_date=due),
        FollowUpInput(
            action="Pendampingan Siskeudes",
            owner_kind=FollowUpOwner.SECTION,
            owner_section=office.sections.get(short_name="PMD"),
            due_date=due,
        ),
        FollowUpInput(
            action="Surat ke DPMD",
            owner_kind=FollowUpOwner.AGENCY,
            owner_agency=office.agencies.get(short_name="DPMD"),
            due_date=due,
        ),
    ]


@pytest.mark.django_db
def test_reminders_go_two_days_before_and_escalation_the_day_after_each_once(office):
    due = dt.date(2026, 3, 10)
    with clock.frozen(at(dt.date(2026, 3, 2), 10)):
        case = make_answered_case(follow_ups=items_for_inan(office, due))
    village_item = case.follow_ups.get(owner_kind=FollowUpOwner.VILLAGE)

    assert services.follow_ups_remind_due(now=at(dt.date(2026, 3, 7))) == 0  # three days early
    assert services.follow_ups_remind_due(now=at(dt.date(2026, 3, 8))) == 3
    assert services.follow_ups_remind_due(now=at(dt.date(2026, 3, 9))) == 0  # once
    inan = Notification.objects.filter(
        recipient__username="desa-inan", dedupe_key__contains="rem", title__contains="Kirim"
    )
    assert inan.count() == 1 and inan.get().title.startswith(case.tracking_number)
    # The agency has no account: the case's people hear of its item.
    agency_reminder = f"follow_up:{case.follow_ups.get(owner_kind='opd').pk}:reminder"
    assert OutboxEmail.objects.filter(
        dedupe_key__startswith=agency_reminder, to__startswith="pmd@"
    ).exists()

    with clock.frozen(at(dt.date(2026, 3, 9), 9)):
        services.follow_up_complete(
            acting=membership_of("desa-inan"), follow_up=village_item, note="Sudah dikirim"
        )
    assert services.follow_ups_escalate_overdue(now=at(due, 23, 59)) == 0  # due today: not late
    assert services.follow_ups_escalate_overdue(now=at(due + dt.timedelta(days=1))) == 2
    assert services.follow_ups_escalate_overdue(now=at(due + dt.timedelta(days=2))) == 0
    camat = Notification.objects.filter(recipient__username="camat", title__contains="Surat ke")
    assert camat.count() == 1
    # The escalation is in the case's history.
    timeline = [item["text"] for item in _timeline(case)]
    assert any("Surat ke DPMD" in text and "terlambat" in text for text in timeline)


def _timeline(case):
    from apps.cases.selectors import case_timeline_for

    return case_timeline_for(membership=membership_of("camat"), case=case)


@pytest.mark.django_db
def test_the_owner_the_source_and_the_leaders_complete_and_nobody_else(office):
    case = make_answered_case(follow_ups=items_for_inan(office, clock.today()))
    village_item = case.follow_ups.get(owner_kind=FollowUpOwner.VILLAGE)
    section_item = case.follow_ups.get(owner_kind=FollowUpOwner.SECTION)
    agency_item = case.follow_ups.get(owner_kind=FollowUpOwner.AGENCY)
    for username, item in [
        ("desa-bungin", village_item),  # another village
        ("kesos", village_item),  # another section
        ("desa-inan", section_item),  # the village does not do the section's work
        ("kabupaten", agency_item),  # the inspector reads only
    ]:
        with pytest.raises(NotAllowed):
            services.follow_up_complete(acting=membership_of(username), follow_up=item, note="x")
    services.follow_up_complete(acting=membership_of("desa-inan"), follow_up=village_item, note="1")
    services.follow_up_complete(acting=membership_of("pmd"), follow_up=section_item, note="2")
    services.follow_up_complete(acting=membership_of("sekcam"), follow_up=agency_item, note="3")
    with pytest.raises(InvalidState):
        services.follow_up_complete(acting=membership_of("pmd"), follow_up=section_item, note="4")
    assert set(case.follow_ups.values_list("status", flat=True)) == {FollowUpStatus.DONE}


@pytest.mark.django_db
def test_a_village_sees_its_own_items_and_another_villages_are_404(login, office):
    case = make_answered_case(follow_ups=items_for_inan(office, clock.today()))
    section_item = case.follow_ups.get(owner_kind=FollowUpOwner.SECTION)
    services.follow_up_complete(
        acting=membership_of("pmd"),
        follow_up=section_item,
        note="Selesai",
        evidence=[SimpleUploadedFile("bukti.pdf", PDF)],
    )
    token = section_item.evidence.get().token
    board = login("desa-bungin").get(reverse("follow_ups:board"))
    assert board.status_code == 200 and "Kirim daftar hadir" not in board.text
    client = login("desa-bungin")
    assert client.get(reverse("follow_ups:evidence", args=[token])).status_code == 404
    village_item = case.follow_ups.get(owner_kind=FollowUpOwner.VILLAGE)
    posted = client.post(reverse("follow_ups:complete", args=[village_item.pk]), {"note": "x"})
    assert posted.status_code == 404
    # The village of the case reads every item of its case and its evidence.
    inan = login("desa-inan")
    board = inan.get(reverse("follow_ups:board"))
    assert "Kirim daftar hadir" in board.text and "Pendampingan Siskeudes" in board.text
    assert inan.get(reverse("follow_ups:evidence", args=[token])).status_code == 200


@pytest.mark.django_db
def test_the_board_completes_an_item_and_goes_back(login, office):
    case = make_answered_case(follow_ups=items_for_inan(office, clock.today()))
    item = case.follow_ups.get(owner_kind=FollowUpOwner.VILLAGE)
    client = login("desa-inan")
    board = client.get(reverse("follow_ups:board"))
    assert reverse("follow_ups:complete", args=[item.pk]) in board.text
    back = reverse("follow_ups:board") + "?status=terbuka"
    done = client.post(
        reverse("follow_ups:complete", args=[item.pk]), {"note": "Sudah", "next": back}
    )
    assert done.status_code == 302 and done.url == back
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert client.post(
        reverse("follow_ups:complete", args=[item.pk]), {"note": "x", "next": "https://evil.test/"}
    ).url == reverse("follow_ups:board")
    shown = client.get(reverse("follow_ups:board") + "?status=selesai")
    assert "Sudah" in shown.text


# Measured with one case of three items, then five (November 2026): the village has no
# owner filters to fill.
# A village pays one more query for its early-warning banner.
BOARD_QUERIES = {"camat": 11, "pmd": 11, "desa-inan": 10, "kabupaten": 11}


@pytest.mark.django_db
@pytest.mark.parametrize("username", BOARD_QUERIES)
def test_the_board_runs_the_same_queries_however_many_items(
    login, office, username, django_assert_num_queries
):
    make_answered_case(follow_ups=items_for_inan(office, clock.today()))
    client = login(username)
    assert client.get(reverse("follow_ups:board")).status_code == 200
    with django_assert_num_queries(BOARD_QUERIES[username]):
        client.get(reverse("follow_ups:board"))
    for n in range(4):
        make_answered_case(follow_ups=items_for_inan(office, clock.today()), title=f"Kasus {n}")
    with django_assert_num_queries(BOARD_QUERIES[username]):
        page = client.get(reverse("follow_ups:board"))
    assert page.text.count('id="follow-up-') >= 5
    htmx = client.get(
        reverse("follow_ups:board") + "?overdue=on",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="follow-up-results",
    )
    assert htmx.status_code == 200 and "<html" not in htmx.text


@pytest.mark.django_db
def test_a_due_date_in_the_past_or_years_away_is_refused_on_its_field(office):
    """A follow-up is a concrete action: a typo such as 9999-12-31 is refused like a date in
    the past, on the field it belongs to."""
    from apps.core.errors import DomainError

    with clock.frozen(at(dt.date(2026, 3, 2), 10)):
        for due in (dt.date(2026, 3, 1), dt.date(9999, 12, 31), dt.date(2028, 3, 10)):
            with pytest.raises(DomainError) as refused:
                make_answered_case(follow_ups=items_for_inan(office, due)[:1])
            assert refused.value.field is not None
        case = make_answered_case(follow_ups=items_for_inan(office, dt.date(2028, 3, 1))[:1])
    assert case.follow_ups.count() == 1
