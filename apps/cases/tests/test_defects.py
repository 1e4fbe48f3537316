"""Defects found walking every role and attacking the server (issue 7), each pinned by a test
that failed before its fix."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.cases import services
from apps.cases.models import Case, SharedIssue, Status
from apps.core import clock
from apps.core.errors import InvalidState, NotAllowed
from apps.follow_ups.models import FollowUpOwner
from apps.notifications.models import Notification, OutboxEmail
from apps.notifications.services import outbox_deliver

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def detail(case):
    return reverse("cases:detail", args=[case.pk])


def answer_with_follow_up(case, officer, office, action, *, owner=FollowUpOwner.VILLAGE):
    services.case_answer(
        acting=officer,
        case=case,
        response="Kami bantu.",
        solution="",
        follow_ups=[
            services.FollowUpInput(
                action=action,
                owner_kind=owner,
                owner_section=office.sections.get(short_name="PMD")
                if owner == FollowUpOwner.SECTION
                else None,
                due_date=clock.today() + dt.timedelta(days=7),
            )
        ],
    )
    case.refresh_from_db()
    return case.follow_ups.get()


@pytest.mark.django_db
def test_a_long_follow_up_with_line_breaks_completes_and_its_mail_leaves(
    submit, walk, member, office, smtp_server, django_capture_on_commit_callbacks
):
    """1: the notification title and mail subject fit their columns; no linefeed in a header."""
    case = walk(submit(), "assign")
    action = ("Pendampingan penyusunan laporan realisasi APBDes\n" * 5)[:255]
    follow_up = answer_with_follow_up(case, member("pmd"), office, action)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up_complete(acting=member("desa-inan"), follow_up=follow_up, note="Beres")
    title = Notification.objects.filter(dedupe_key__contains="audit").latest("id").title
    assert len(title) <= 200 and "\n" not in title and title.endswith("…")
    outbox_deliver()
    mail = OutboxEmail.objects.filter(subject=title).first()
    assert mail is not None and mail.status == "sent"
    assert smtp_server.messages, "the mail reached the SMTP server"


@pytest.mark.django_db
def test_a_shared_issue_title_is_the_offices_never_one_villages_words(login, submit, walk, member):
    """2: the form does not pre-fill a village's title; villages see the neutral title."""
    inan = walk(submit(title="Jalan desa Inan rusak parah dekat rumah Pak Amat"), "verify")
    other = walk(
        submit("desa-bungin", title="Jalan desa rusak", description="Jalan rusak di Bungin"),
        "verify",
    )
    client = login("sekcam")
    form = client.get(reverse("cases:shared_issue_create", args=[inan.pk]))
    assert not form.context["form"]["title"].value()  # nothing pre-filled
    refused = client.post(
        reverse("cases:shared_issue_create", args=[inan.pk]),
        {"title": "", "cases": [inan.pk, other.pk]},
    )
    assert refused.status_code == 200 and not Case.objects.exclude(shared_issue=None).exists()
    client.post(
        reverse("cases:shared_issue_create", args=[inan.pk]),
        {"title": "Kerusakan jalan desa", "cases": [inan.pk, other.pk]},
    )
    page = login("desa-bungin").get(detail(other))
    assert "Kerusakan jalan desa" in page.text and "Pak Amat" not in page.text


@pytest.mark.django_db
def test_steps_read_the_locked_row_not_what_the_caller_held(submit, walk, member, office):
    """4: no follow-up after the village confirmed; no answer after a re-disposition."""
    case = walk(submit(), "answer")
    stale = Case.objects.get(pk=case.pk)  # the officer's page, loaded before the confirmation
    services.case_confirm(acting=member("desa-inan"), case=case, rating=5)
    with pytest.raises(InvalidState):
        services.follow_up_add(
            acting=member("pmd"),
            case=stale,
            item=services.FollowUpInput(
                action="Kunjungan", owner_kind=FollowUpOwner.VILLAGE, due_date=clock.today()
            ),
        )
    second = walk(submit(title="Kedua"), "dispose")
    held_by_pmd = Case.objects.get(pk=second.pk)
    services.case_dispose(
        acting=member("camat"),
        case=second,
        section=office.sections.get(short_name="KESOS"),
        instruction="Ke Kesos.",
    )
    with pytest.raises(NotAllowed):
        services.case_answer(acting=member("pmd"), case=held_by_pmd, response="x", solution="")


@pytest.mark.django_db
def test_a_resubmission_keeps_the_first_version_and_the_page_shows_both(login, submit, member):
    """6: nothing a village sends is lost."""
    case = submit(description="Versi pertama: laporan belum lengkap.")
    services.case_return(acting=member("sekcam"), case=case, reason="Lampirkan SPJ.")
    services.case_resubmit(
        acting=member("desa-inan"), case=case, description="Versi kedua: SPJ terlampir."
    )
    page = login("sekcam").get(detail(case))
    assert "Versi pertama: laporan belum lengkap." in page.text
    assert "Versi kedua: SPJ terlampir." in page.text
    assert "Lampirkan SPJ." in page.text  # the reason of the return is in the history too


@pytest.mark.django_db
def test_the_history_tells_the_whole_story_in_order(login, submit, walk, member, office):
    """15: reasons, the instruction (staff only), follow-ups added with the answer."""
    case = walk(submit(), "assign")
    answer_with_follow_up(case, member("pmd"), office, "Kunjungan ke desa")
    staff = login("camat").get(detail(case)).context["timeline"]
    texts = [item["text"] for item in staff]
    assert texts[0] == "mengajukan permasalahan" or texts[0]  # translated, in order
    assert any("Kunjungan ke desa" in text for text in texts)
    assert any(item["detail"] == "Segera tindak lanjuti." for item in staff)
    village = login("desa-inan").get(detail(case))
    assert "Segera tindak lanjuti." not in village.text  # the instruction is internal


@pytest.mark.django_db
def test_evidence_stays_under_its_follow_up(login, submit, walk, member, office):
    """13: evidence is not listed among the case's own documents."""
    case = walk(submit(), "assign")
    follow_up = answer_with_follow_up(
        case, member("pmd"), office, "Pendampingan", owner=FollowUpOwner.SECTION
    )
    services.follow_up_complete(
        acting=member("pmd"),
        follow_up=follow_up,
        note="Selesai.",
        evidence=[SimpleUploadedFile("bukti.pdf", PDF)],
    )
    page = login("desa-inan").get(detail(case))
    assert "bukti.pdf" in page.text
    assert not page.context["attachments"]  # the case's own documents: none


@pytest.mark.django_db
def test_a_referral_outcome_stays_recordable_after_the_village_confirms(
    login, submit, walk, member, office
):
    """14: the confirm screen says what is open; the outcome is recorded after closing."""
    case = walk(submit(), "assign")
    services.case_refer(
        acting=member("pmd"), case=case, agency=office.agencies.get(short_name="DPMD"),
        letter_number="005/12",
    )  # fmt: skip
    confirm = login("desa-inan").get(detail(case))
    assert "Dinas Pemberdayaan Masyarakat dan Desa" in confirm.text
    assert confirm.context["case"].awaits_referral_outcome
    services.case_confirm(acting=member("desa-inan"), case=case, rating=4)
    services.case_record_referral_outcome(acting=member("pmd"), case=case, outcome="Disetujui.")
    case.refresh_from_db()
    assert (case.status, case.referral_outcome) == (Status.RESOLVED, "Disetujui.")
    with pytest.raises(InvalidState):
        services.case_record_referral_outcome(acting=member("pmd"), case=case, outcome="Lagi")


@pytest.mark.django_db
def test_an_officer_takes_a_disposed_case_with_one_tap(login, submit, walk, users):
    """18: one button, no list to pick oneself from."""
    case = walk(submit(), "dispose")
    client = login("pmd")
    page = client.get(detail(case))
    assert page.context["can_take"]
    response = client.post(
        reverse("cases:action", args=[case.pk, "assign"]), {"officer": users["pmd"].pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (Status.IN_PROGRESS, users["pmd"])
    assert not client.get(detail(case)).context["can_take"]


@pytest.mark.django_db
def test_agencies_are_named_in_full_and_diskominfo_is_there(login, submit, walk, office):
    """21: an officer picks an agency by its full name; the owner picks the fields shown."""
    case = walk(submit(), "assign")
    page = login("pmd").get(detail(case))
    assert "Dinas Komunikasi dan Informatika (DISKOMINFO)" in page.text
    assert 'data-owner="opd"' in page.text and "data-owner-choice" in page.text


@pytest.mark.django_db
def test_a_clean_print_view_for_the_paper_file(login, submit, walk, office, other_office):
    """22: letterhead, facts, history; no menu, no form; the same 404 for other offices."""
    case = walk(submit(), "answer")
    client = login("camat")
    page = client.get(reverse("cases:print", args=[case.pk]))
    assert page.status_code == 200
    assert case.tracking_number in page.text and "KECAMATAN PARINGIN SELATAN" in page.text
    assert "<form" not in page.text and "<nav" not in page.text
    assert login("desa-bungin").get(reverse("cases:print", args=[case.pk])).status_code == 404


@pytest.mark.django_db
def test_a_closed_case_has_no_empty_next_step_card(login, submit, walk):
    """16: staff see no "Next step" card when no step is left to them."""
    case = walk(submit(), "confirm")
    page = login("camat").get(detail(case))
    assert 'id="actions"' not in page.text


@pytest.mark.django_db
def test_home_pages_lead_with_what_waits_for_this_person(login, submit, walk, member):
    """19: the sekretaris verifies, the camat disposes, the officer takes, the village
    answers; overdue and urgent first."""
    from apps.cases.tests.conftest import at

    old = submit(title="Lama dan terlambat", urgency="rendah", when=at(2026, 1, 5))
    urgent = submit(title="Darurat banjir", urgency="darurat")
    submit(title="Biasa saja", urgency="sedang")
    services.cases_mark_overdue()

    def groups(username):
        page = login(username).get(reverse("dashboard:home"))
        return [(g.key, [c.title for c in g.cases]) for g in page.context["summary"]["worklist"]]

    sekcam = groups("sekcam")
    assert [key for key, _ in sekcam] == ["verify", "dispose", "overdue"]
    assert sekcam[0][1][:2] == [old.title, urgent.title]  # overdue, then the most urgent
    assert [key for key, _ in groups("camat")] == ["dispose", "overdue", "verify"]
    walk(urgent, "dispose")
    assert ("take", [urgent.title]) in groups("pmd")
    services.case_return(acting=member("sekcam"), case=old, reason="Lengkapi.")
    village = groups("desa-inan")
    assert village[0] == ("returned", [old.title])


@pytest.mark.django_db
def test_long_texts_have_a_limit_the_form_names_and_every_door_enforces(
    login, submit, walk, member
):
    """5: description, comment and answer are bounded; nothing typed is lost when refused."""
    from apps.core.errors import DomainError

    client = login("desa-inan")
    form = client.get(reverse("cases:submit"))
    assert 'maxlength="5000"' in form.text and "Paling banyak 5.000 karakter." in form.text
    case = walk(submit(), "assign")
    too_long = "kata " * 500  # 2,500 characters: over the comment limit
    page = client.post(reverse("cases:comment", args=[case.pk]), {"body": too_long})
    assert page.status_code == 400 and too_long.strip() in page.text
    with pytest.raises(DomainError):
        services.case_answer(acting=member("pmd"), case=case, response="x" * 5001, solution="")


@pytest.mark.django_db
def test_a_repeated_step_records_once(submit, walk, member, office, users):
    """Found by the repeat attack: dispose, take and the referral outcome, sent again with
    the same values (a double tap, a retry), record and tell nothing new."""
    from apps.offices.models import AuditLog

    case = walk(submit(), "verify")
    pmd_section = office.sections.get(short_name="PMD")
    for _ in range(3):
        services.case_dispose(
            acting=member("camat"), case=case, section=pmd_section, instruction="Tangani."
        )
    for _ in range(3):
        services.case_assign(acting=member("pmd"), case=case)
    services.case_refer(
        acting=member("pmd"), case=case, agency=office.agencies.get(short_name="DPMD"),
        letter_number="005/1",
    )  # fmt: skip
    for _ in range(3):
        services.case_record_referral_outcome(acting=member("pmd"), case=case, outcome="Ok.")
    actions = list(
        AuditLog.objects.filter(target_type="cases.case", target_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    for verb in ("disposed", "assigned", "referral_outcome"):
        assert actions.count(f"cases.case.{verb}") == 1, verb


@pytest.mark.django_db
def test_a_reopened_case_keeps_its_first_answer_and_rating_comment_in_the_history(
    login, submit, walk, member
):
    """Found by the repeat walk: the second answer used to erase the first from every view."""
    case = walk(submit(), "assign")
    services.case_answer(acting=member("pmd"), case=case, response="Jawaban pertama.",
                         solution="Solusi pertama.")  # fmt: skip
    services.case_confirm(acting=member("desa-inan"), case=case, rating=4, comment="Cepat.")
    services.case_reopen(acting=member("desa-inan"), case=case, reason="Belum beres.")
    services.case_answer(acting=member("pmd"), case=case, response="Jawaban kedua.", solution="")
    page = login("desa-inan").get(detail(case))
    for text in ("Jawaban pertama.", "Solusi pertama.", "Cepat.", "Jawaban kedua."):
        assert text in page.text, text


@pytest.mark.django_db
def test_the_same_write_sent_twenty_times_is_made_once(login, submit, walk, member, office):
    """A double tap or a retried request on a comment, a follow-up or a shared issue makes one
    of each, and tells the people concerned once; a new text is a new comment."""
    from apps.follow_ups.models import FollowUp

    inan = walk(submit(), "assign")
    bungin = walk(submit("desa-bungin", title="Jalan rusak"), "verify")
    village, officer, sekcam = member("desa-inan"), member("pmd"), member("sekcam")
    due = clock.today() + dt.timedelta(days=7)
    item = services.FollowUpInput(
        action="Kunjungan lapangan", owner_kind=FollowUpOwner.VILLAGE, due_date=due
    )
    for _ in range(20):
        services.comment_add(acting=village, case=inan, body="Mohon segera dibantu.")
        services.follow_up_add(acting=officer, case=inan, item=item)
        services.shared_issue_create(acting=sekcam, cases=[inan, bungin], title="Jalan desa")
    assert inan.comments.count() == 1
    assert FollowUp.objects.filter(source_id=str(inan.pk)).count() == 1
    assert SharedIssue.objects.count() == 1
    assert (
        Notification.objects.filter(recipient__username="pmd", body__contains="Mohon").count() == 1
    )
    services.comment_add(acting=village, case=inan, body="Kami tunggu kabarnya.")
    assert inan.comments.count() == 2
    with clock.frozen(clock.now() + dt.timedelta(minutes=11)):  # later, the same words again
        services.comment_add(acting=village, case=inan, body="Mohon segera dibantu.")
    assert inan.comments.count() == 3


@pytest.mark.django_db
def test_the_shared_answer_form_is_shown_only_to_who_may_answer_every_case(
    login, submit, walk, member, office
):
    camat = member("camat")
    first = walk(submit("desa-inan"), "dispose")  # PMD
    second = walk(submit("desa-bungin"), "verify")
    services.case_dispose(
        acting=camat, case=second, section=office.sections.get(short_name="PEM"), instruction="x"
    )
    issue = services.shared_issue_create(acting=camat, cases=[first, second], title="APBDes")
    url = reverse("cases:shared_issue", args=[issue.pk])
    form_marker = "Kirim jawaban"
    for username, shown in [
        ("camat", True),
        ("sekcam", True),
        ("pmd", False),
        ("kabupaten", False),
    ]:
        page = login(username).get(url)
        assert page.status_code == 200, username
        assert (form_marker in page.text) is shown, username
    # Without the form, a hand-made POST is refused and answers nothing.
    refused = login("pmd").post(url, {"response": "x", "solution": ""})
    assert refused.status_code == 403
    issue.refresh_from_db()
    assert issue.answered_at is None


@pytest.mark.django_db
def test_the_village_sees_its_officer_on_the_page_and_on_paper_alike(login, submit, walk):
    case = walk(submit("desa-inan"), "assign")
    client = login("desa-inan")
    name = case.assigned_to.get_full_name()
    for route in ("cases:detail", "cases:print"):
        page = client.get(reverse(route, args=[case.tracking_number]))
        assert name in page.text, route
