"""Every step of a case, who may take it, and in which state (refusals included)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cases import selectors, services
from apps.cases.models import Case, Status
from apps.cases.policy import case_steps_for
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.follow_ups.models import FollowUpOwner, FollowUpStatus
from apps.notifications.models import Notification, OutboxEmail
from apps.offices.models import AuditLog

from .conftest import at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_submission_numbers_routes_and_tells_the_leaders(submit, office, users):
    first = submit(when=at(2026, 11, 2))
    second = submit(when=at(2026, 11, 2, 10))
    assert first.tracking_number == "PRS-2026-00001"
    assert second.tracking_number == "PRS-2026-00002"
    assert first.status == Status.SUBMITTED
    assert first.section.short_name == "PMD"  # routed by category
    assert first.verify_due.date() == dt.date(2026, 11, 3)
    assert AuditLog.objects.filter(action="cases.case.submitted", target_id=str(first.pk)).exists()
    told = set(
        Notification.objects.filter(title__startswith=first.tracking_number).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"camat", "sekcam"}
    assert OutboxEmail.objects.filter(to="camat@paringin-selatan.test").exists()
    next_year = submit(when=at(2027, 1, 4))
    assert next_year.tracking_number == "PRS-2027-00001"


@pytest.mark.django_db
def test_the_same_idempotency_key_never_makes_two_cases(submit, member, office):
    one = submit(key="form-123")
    again = submit(key="form-123")
    assert one.pk == again.pk
    assert Case.objects.filter(idempotency_key="form-123").count() == 1
    other_person = submit("desa-bungin", key="form-123")  # keys are per person
    assert other_person.pk != one.pk


@pytest.mark.django_db
def test_only_village_officials_submit_and_only_in_their_office(member, office, other_office):
    camat = member("camat")
    with pytest.raises(NotAllowed):
        services.case_submit(
            acting=camat,
            category=office.categories.first(),
            urgency="sedang",
            title="x",
            description="y",
        )
    inan = member("desa-inan")
    with pytest.raises(DomainError):
        services.case_submit(
            acting=inan,
            category=other_office.categories.first(),
            urgency="sedang",
            title="x",
            description="y",
        )


@pytest.mark.django_db
def test_attachments_are_checked_by_content(submit):
    good = SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf")
    case = submit(attachments=[good])
    attachment = case.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "laporan.pdf"
    assert "laporan" not in attachment.file.name  # stored under a random token
    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    with pytest.raises(DomainError, match="foto.png"):
        submit(attachments=[fake])


@pytest.mark.django_db
def test_the_whole_happy_path_with_a_follow_up(submit, walk, member, office):
    case = walk(submit(), "assign")
    assert case.status == Status.IN_PROGRESS
    assert case.assigned_to.username == "pmd"
    pmd, inan = member("pmd"), member("desa-inan")
    services.case_answer(
        acting=pmd,
        case=case,
        response="Kami bantu.",
        solution="Datang.",
        follow_ups=[
            services.FollowUpInput(
                action="Pendampingan Siskeudes",
                owner_kind=FollowUpOwner.SECTION,
                owner_section=office.sections.get(short_name="PMD"),
                due_date=dt.date(2026, 12, 10),
            )
        ],
    )
    case.refresh_from_db()
    assert case.status == Status.ANSWERED and case.answered_at is not None
    follow_up = case.follow_ups.get()
    services.follow_up_complete(acting=pmd, follow_up=follow_up, note="Sudah didampingi.")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE
    services.case_confirm(acting=inan, case=case, rating=5, comment="Sangat membantu")
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.RESOLVED, 5)
    verbs = list(
        AuditLog.objects.filter(target_type="cases.case", target_id=str(case.pk))
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert verbs == [
        "cases.case.submitted",
        "cases.case.verified",
        "cases.case.disposed",
        "cases.case.assigned",
        "cases.case.answered",
        "cases.case.confirmed",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "state_steps"),
    [
        ("verify", "verify"),
        ("return", "verify"),
        ("reject", "verify"),
        ("dispose", None),
        ("assign", "verify"),
        ("answer", "verify"),
        ("refer", "verify"),
        ("confirm", "dispose"),
        ("reopen", "answer"),
        ("resubmit", None),
        ("referral_outcome", "assign"),
    ],
)
def test_every_step_is_refused_in_the_wrong_state(submit, walk, member, office, step, state_steps):
    case = submit()
    if state_steps:
        case = walk(case, state_steps)
    actors = {
        "verify": "sekcam",
        "return": "sekcam",
        "reject": "sekcam",
        "dispose": "camat",
        "assign": "pmd",
        "answer": "pmd",
        "refer": "pmd",
        "referral_outcome": "pmd",
        "confirm": "desa-inan",
        "reopen": "desa-inan",
        "resubmit": "desa-inan",
    }
    m = member(actors[step])
    call = {
        "verify": lambda: services.case_verify(acting=m, case=case),
        "return": lambda: services.case_return(acting=m, case=case, reason="x"),
        "reject": lambda: services.case_reject(acting=m, case=case, reason="x"),
        "dispose": lambda: services.case_dispose(
            acting=m,
            case=case,
            instruction="x",
            section=office.sections.get(short_name="PMD"),
        ),
        "assign": lambda: services.case_assign(acting=m, case=case),
        "answer": lambda: services.case_answer(acting=m, case=case, response="x", solution=""),
        "refer": lambda: services.case_refer(
            acting=m, case=case, agency=office.agencies.first(), letter_number="1"
        ),
        "referral_outcome": lambda: services.case_record_referral_outcome(
            acting=m, case=case, outcome="x"
        ),
        "confirm": lambda: services.case_confirm(acting=m, case=case, rating=4),
        "reopen": lambda: services.case_reopen(acting=m, case=case, reason="x"),
        "resubmit": lambda: services.case_resubmit(acting=m, case=case, description="x"),
    }[step]
    if step in ("assign", "answer", "refer", "referral_outcome") and state_steps == "verify":
        # Before disposition the case has its category's section, so pmd may act: the state
        # refuses it.
        pass
    status_before = Case.objects.get(pk=case.pk).status
    with pytest.raises(InvalidState):
        call()
    assert Case.objects.get(pk=case.pk).status == status_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "username"),
    [
        ("verify", "pmd"),
        ("verify", "desa-inan"),
        ("verify", "kabupaten"),
        ("dispose", "pmd"),
        ("dispose", "desa-inan"),
        ("answer", "kesos"),
        ("answer", "desa-inan"),
        ("confirm", "desa-bungin"),
        ("confirm", "camat"),
    ],
)
def test_every_step_is_refused_to_the_wrong_person(submit, walk, office, step, username):
    from apps.accounts.models import Membership

    case = submit()
    case = {
        "verify": case,
        "dispose": walk(case, "verify") if step == "dispose" else case,
        "answer": walk(case, "assign") if step == "answer" else case,
        "confirm": walk(case, "answer") if step == "confirm" else case,
    }[step]
    m = Membership.objects.select_related("user", "office").get(user__username=username)
    with pytest.raises(NotAllowed):
        if step == "verify":
            services.case_verify(acting=m, case=case)
        elif step == "dispose":
            services.case_dispose(
                acting=m,
                case=case,
                instruction="x",
                section=office.sections.get(short_name="PMD"),
            )
        elif step == "answer":
            services.case_answer(acting=m, case=case, response="x", solution="")
        else:
            services.case_confirm(acting=m, case=case, rating=5)


@pytest.mark.django_db
def test_return_reject_need_a_reason_and_reject_closes(submit, member):
    sekcam = member("sekcam")
    case = submit()
    with pytest.raises(DomainError):
        services.case_return(acting=sekcam, case=case, reason="  ")
    services.case_reject(acting=sekcam, case=case, reason="Bukan kewenangan kecamatan.")
    case.refresh_from_db()
    assert case.status == Status.REJECTED and case.reason == "Bukan kewenangan kecamatan."
    inan = member("desa-inan")
    with pytest.raises(InvalidState):  # a rejected case is not reopened
        services.case_reopen(acting=inan, case=case, reason="x")


@pytest.mark.django_db
def test_referral_and_its_outcome(submit, walk, member, office):
    case = walk(submit(), "assign")
    pmd, inan = member("pmd"), member("desa-inan")
    bpbd = office.agencies.get(short_name="BPBD")
    with pytest.raises(DomainError):
        services.case_refer(acting=pmd, case=case, agency=bpbd, letter_number=" ")
    services.case_refer(
        acting=pmd,
        case=case,
        agency=bpbd,
        letter_number="300/12/2026",
        note="Perlu alat berat.",
    )
    services.case_record_referral_outcome(
        acting=pmd, case=case, outcome="BPBD memperbaiki tanggul."
    )
    case.refresh_from_db()
    assert case.status == Status.REFERRED and case.referral_outcome
    services.case_confirm(acting=inan, case=case, rating=4)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


@pytest.mark.django_db
def test_unconfirmed_answers_close_after_seven_days_and_reopen_within_thirty(submit, walk, member):
    case = walk(submit(when=at(2026, 11, 2)), "answer", when=at(2026, 11, 3))
    assert services.case_auto_close_due(now=at(2026, 11, 9)) == 0
    assert services.case_auto_close_due(now=at(2026, 11, 10, 10)) == 1
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.auto_closed
    inan = member("desa-inan")
    with clock.frozen(at(2026, 12, 11)), pytest.raises(InvalidState):  # 31 days: too late
        services.case_reopen(acting=inan, case=case, reason="x")
    with clock.frozen(at(2026, 11, 20)):
        services.case_reopen(acting=inan, case=case, reason="Masalah muncul lagi.")
    case.refresh_from_db()
    assert case.status == Status.REOPENED and case.response_due is not None
    camat = member("camat")
    services.case_dispose(
        acting=camat,
        case=case,
        section=case.section,
        instruction="Tangani lagi.",
    )
    case.refresh_from_db()
    assert case.status == Status.DISPOSED


@pytest.mark.django_db
def test_overdue_cases_are_flagged_once_and_the_camat_gets_one_digest_a_day(submit, walk):
    case = walk(submit(when=at(2026, 11, 2)), "assign", when=at(2026, 11, 2, 10))
    assert services.cases_mark_overdue(now=at(2026, 11, 20)) == 1
    assert services.cases_mark_overdue(now=at(2026, 11, 21)) == 0
    case.refresh_from_db()
    assert case.is_overdue
    overdue_mail = OutboxEmail.objects.filter(
        subject__contains=case.tracking_number, to="camat@paringin-selatan.test"
    )
    assert overdue_mail.filter(subject__contains="lewat").count() == 1 or overdue_mail.count() >= 1
    assert services.camat_digest_send(now=at(2026, 11, 20, 7)) == 1
    services.camat_digest_send(now=at(2026, 11, 20, 8))
    digests = OutboxEmail.objects.filter(dedupe_key__startswith="digest:")
    assert digests.count() == 1
    assert case.tracking_number in digests.get().body


@pytest.mark.django_db
def test_shared_issue_answers_every_linked_case(submit, walk, member, office):
    stunting = "Stunting dan kesehatan"
    first = walk(
        submit(
            "desa-inan",
            category=stunting,
            title="Balita stunting di posyandu",
            description="Kenaikan balita stunting di posyandu melati",
        ),
        "dispose",
    )
    second = walk(
        submit(
            "desa-bungin",
            category=stunting,
            title="Stunting balita posyandu",
            description="Balita stunting bertambah di posyandu desa",
        ),
        "dispose",
    )
    similar = selectors.similar_open_cases(case=first)
    assert second in similar
    camat = member("camat")
    issue = services.shared_issue_create(
        acting=camat, cases=[first, second], title="Stunting di posyandu"
    )
    answered = services.shared_issue_answer(
        acting=camat,
        issue=issue,
        response="Pendampingan gizi bersama Puskesmas.",
        solution="Jadwal kelas gizi.",
    )
    assert {c.pk for c in answered} == {first.pk, second.pk}
    for case in (first, second):
        case.refresh_from_db()
        assert case.status == Status.ANSWERED and case.response.startswith("Pendampingan")
    bungin = member("desa-bungin")
    services.case_confirm(acting=bungin, case=second, rating=3)
    first.refresh_from_db()
    assert first.status == Status.ANSWERED  # each village confirms its own


@pytest.mark.django_db
def test_internal_comments_never_reach_the_village(
    submit, member, django_capture_on_commit_callbacks
):
    from apps.cases.selectors import case_comments_for, case_timeline_for

    case = submit()
    pmd, inan = member("pmd"), member("desa-inan")
    with pytest.raises(NotAllowed):
        services.comment_add(acting=inan, case=case, body="x", internal=True)
    services.comment_add(
        acting=pmd,
        case=case,
        body="Catatan internal: kades sulit dihubungi",
        internal=True,
    )
    services.comment_add(acting=pmd, case=case, body="Kami akan datang.")
    seen = [c.body for c in case_comments_for(membership=inan, case=case)]
    assert seen == ["Kami akan datang."]
    assert len(case_comments_for(membership=pmd, case=case)) == 2
    timeline_text = str([item["values"] for item in case_timeline_for(membership=inan, case=case)])
    assert "sulit dihubungi" not in timeline_text
    village_mail = OutboxEmail.objects.filter(to="desa-inan@paringin-selatan.test")
    assert not village_mail.filter(body__contains="sulit dihubungi").exists()
    assert not Notification.objects.filter(
        recipient=inan.user, body__contains="sulit dihubungi"
    ).exists()


@pytest.mark.django_db
def test_demo_cases_cover_every_state_and_every_village(office, demo_people):
    from apps.cases.demo import demo_cases_seed

    assert demo_cases_seed(office=office) == 16
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert Case.objects.values("village").distinct().count() == 16
    assert Case.objects.filter(overdue_since__isnull=False).exists()
    assert not OutboxEmail.objects.exists()  # demo history sends no mail
    assert demo_cases_seed(office=office) == 0  # idempotent


@pytest.mark.django_db
def test_notifications_are_in_indonesian_even_when_the_actor_uses_english(submit, member):
    from django.utils import translation

    case = submit()
    sekcam = member("sekcam")
    with translation.override("en"):
        services.case_verify(acting=sekcam, case=case)
    note = Notification.objects.filter(recipient__username="desa-inan").latest("id")
    assert note.title == f"{case.tracking_number}: diverifikasi oleh kecamatan"


@pytest.mark.django_db
def test_tracking_numbers_follow_the_local_new_year(submit):
    # 1 January 2027, 03:00 WITA is still 31 December 2026 in UTC.
    case = submit(when=at(2027, 1, 1, 3))
    assert case.tracking_number == "PRS-2027-00001"


@pytest.mark.django_db
def test_after_a_reopen_the_new_answer_is_announced_again_and_the_clock_restarts(
    submit, walk, member, office
):
    case = walk(submit(when=at(2026, 11, 2)), "confirm", when=at(2026, 11, 3))
    inan, camat, pmd = member("desa-inan"), member("camat"), member("pmd")
    with clock.frozen(at(2026, 11, 5)):
        services.case_reopen(acting=inan, case=case, reason="Belum beres")
    case.refresh_from_db()
    assert case.answered_at is None and case.resolution_due is None
    with clock.frozen(at(2026, 11, 6)):
        services.case_dispose(
            acting=camat,
            case=case,
            section=case.section,
            instruction="Ulangi",
        )
        services.case_answer(acting=pmd, case=case, response="Jawaban kedua", solution="")
    answers = Notification.objects.filter(recipient=inan.user, title__contains="ditanggapi")
    assert answers.count() == 2


@pytest.mark.django_db
def test_a_referral_waits_for_the_agencys_outcome_before_closing(submit, walk, member, office):
    case = walk(submit(when=at(2026, 11, 2)), "assign", when=at(2026, 11, 2, 10))
    pmd = member("pmd")
    with clock.frozen(at(2026, 11, 3)):
        services.case_refer(
            acting=pmd,
            case=case,
            agency=office.agencies.get(short_name="DPMD"),
            letter_number="1",
        )
    assert services.case_auto_close_due(now=at(2026, 11, 20)) == 0
    services.case_record_referral_outcome(
        acting=pmd, case=case, outcome="Dinas PMD memberi pelatihan."
    )
    assert services.case_auto_close_due(now=at(2026, 11, 20)) == 1


@pytest.mark.django_db
def test_a_shared_issue_needs_rights_on_every_case_and_answers_late_cases_too(
    submit, walk, member, office
):
    camat, pmd = member("camat"), member("pmd")
    first = walk(submit("desa-inan"), "dispose")  # PMD
    second = walk(submit("desa-bungin"), "verify")  # not disposed yet
    issue = services.shared_issue_create(acting=camat, cases=[first, second], title="APBDes")
    # Another section's officer cannot answer for all of them.
    services.case_dispose(
        acting=camat,
        case=second,
        section=office.sections.get(short_name="PEM"),
        instruction="x",
    )
    with pytest.raises(NotAllowed):
        services.shared_issue_answer(acting=pmd, issue=issue, response="x", solution="")
    # The camat may; a third case disposed later gets the same answer on disposition.
    third = walk(submit("desa-lingsir"), "verify")
    services.shared_issue_link(acting=camat, issue=issue, case=third)
    answered = services.shared_issue_answer(
        acting=camat,
        issue=issue,
        response="Pendampingan bersama",
        solution="",
    )
    assert {c.pk for c in answered} == {first.pk, second.pk}
    services.case_dispose(
        acting=camat,
        case=third,
        section=office.sections.get(short_name="PMD"),
        instruction="x",
    )
    third.refresh_from_db()
    assert third.status == Status.ANSWERED and third.response == "Pendampingan bersama"
    with pytest.raises(InvalidState):  # a submitted case is verified before it is linked
        services.shared_issue_link(acting=camat, issue=issue, case=submit("desa-tarangan"))


@pytest.mark.django_db
def test_a_reopened_case_goes_back_to_its_section_which_may_answer_at_once(submit, walk, member):
    case = walk(submit(), "confirm")
    inan, pmd = member("desa-inan"), member("pmd")
    services.case_reopen(acting=inan, case=case, reason="Belum beres")
    case.refresh_from_db()
    assert "answer" in case_steps_for(pmd, case)
    services.case_answer(acting=pmd, case=case, response="Jawaban baru", solution="")
    case.refresh_from_db()
    assert case.status == Status.ANSWERED


@pytest.mark.django_db
def test_a_follow_up_is_never_due_in_the_past_and_its_completion_does_not_look_like_closing(
    submit, walk, member, office
):
    from apps.cases.selectors import case_timeline_for

    case = walk(submit(), "answer")
    pmd = member("pmd")
    past = services.FollowUpInput(
        action="Terlambat", owner_kind=FollowUpOwner.VILLAGE, due_date=dt.date(2020, 1, 1)
    )
    with pytest.raises(DomainError):
        services.follow_up_add(acting=pmd, case=case, item=past)
    follow_up = services.follow_up_add(
        acting=pmd,
        case=case,
        item=services.FollowUpInput(
            action="Kunjungan",
            owner_kind=FollowUpOwner.VILLAGE,
            due_date=clock.today() + dt.timedelta(days=3),
        ),
    )
    inan = member("desa-inan")
    services.follow_up_complete(acting=inan, follow_up=follow_up, note="Sudah dikunjungi")
    last = case_timeline_for(membership=inan, case=case)[-1]
    assert last["verb"] == "completed" and last["status_label"] == ""
