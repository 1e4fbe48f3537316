"""The aspiration services and their rules, built through the services as in real use."""

import re

import pytest

from apps.aspirations import policy, selectors, services
from apps.aspirations.models import Aspiration
from apps.aspirations.workflow import Status
from apps.cases import services as case_services
from apps.cases.models import Origin
from apps.cases.models import Status as CaseStatus
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.notifications.models import Notification
from apps.offices.models import AuditLog

pytestmark = pytest.mark.django_db


def test_a_submission_gets_a_typable_code_and_waits_in_the_queue(send):
    aspiration = send(name="Rahmah", contact="0812 1111 2222")
    assert re.fullmatch(
        r"ASP-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", aspiration.tracking_code
    )
    assert aspiration.status == Status.RECEIVED
    assert aspiration.name == "Rahmah" and aspiration.contact == "0812 1111 2222"
    # Typed by hand: lower case, spaces, without dashes or without the prefix all find it.
    typed = aspiration.tracking_code.lower().replace("-", " ")
    assert services.normalise_code(typed) == aspiration.tracking_code
    assert services.normalise_code(aspiration.tracking_code[4:]) == aspiration.tracking_code
    assert services.normalise_code("ASP-1234") == ""
    assert services.normalise_code("ASP-ASPX-YZ23") == "ASP-ASPX-YZ23"
    assert services.normalise_code("ASPXYZ23") == "ASP-ASPX-YZ23"


def test_codes_differ(send):
    codes = {send(title=f"Aspirasi {i}").tracking_code for i in range(5)}
    assert len(codes) == 5


def test_anonymous_keeps_no_name_or_contact_anywhere(send):
    aspiration = send(anonymous=True, name="Budi Santoso", contact="0813 9999 0000")
    aspiration.refresh_from_db()
    assert aspiration.name == "" and aspiration.contact == ""
    entry = AuditLog.objects.get(action="aspirations.aspiration.submitted")
    assert "Budi" not in str(entry.new) and "0813" not in str(entry.new)
    assert not Notification.objects.filter(body__contains="Budi").exists()


def test_the_database_refuses_a_name_on_an_anonymous_aspiration(send):
    from django.db import IntegrityError, transaction

    aspiration = send(anonymous=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Aspiration.objects.filter(pk=aspiration.pk).update(name="Budi")


def test_staff_are_told_of_a_new_aspiration(send, users):
    aspiration = send()  # Lembaga kemasyarakatan desa routes to PMD
    told = set(
        Notification.objects.filter(
            dedupe_key__startswith=f"aspiration:{aspiration.pk}:"
        ).values_list("recipient__username", flat=True)
    )
    assert told == {"camat", "sekcam", "pmd"}
    from apps.notifications.models import OutboxEmail

    assert not OutboxEmail.objects.exists()  # in the app only, never a mail from the public


def test_refused_input_names_the_field(send, office, other_office):
    with pytest.raises(DomainError) as error:
        send(title="   ")
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        send(text="x" * 3001)
    assert error.value.field == "text"
    with pytest.raises(DomainError) as error:
        services.submit_aspiration(
            office=office,
            village=other_office.villages.first(),
            category=office.categories.first(),
            title="t",
            text="t",
            anonymous=True,
        )
    assert error.value.field == "village"


def test_the_rate_limit_counts_per_address_per_hour(send, office):
    from datetime import timedelta

    from apps.core import clock

    start = clock.now()
    with clock.frozen(start):
        for i in range(services.PER_ADDRESS_PER_HOUR):
            send(title=f"Aspirasi {i}", client_address="10.0.0.7")
        with pytest.raises(services.RateLimited):
            send(title="satu lagi", client_address="10.0.0.7")
        send(title="dari alamat lain", client_address="10.0.0.8")  # another address is free
    with clock.frozen(start + timedelta(hours=1, minutes=1)):
        send(title="sejam kemudian", client_address="10.0.0.7")
    # The address itself is never stored.
    assert not Aspiration.objects.filter(client_hash__contains="10.0.0").exists()


def test_review_answer_and_reject(send, member):
    sekcam = member("sekcam")
    answered = services.aspiration_review(acting=sekcam, aspiration=send())
    assert answered.status == Status.IN_REVIEW
    services.aspiration_answer(acting=sekcam, aspiration=answered, answer="Akan dibina.")
    assert answered.status == Status.ANSWERED and answered.decided_by == sekcam.user
    with pytest.raises(InvalidState):
        services.aspiration_reject(acting=sekcam, aspiration=answered, reason="terlambat")
    rejected = send(title="Iklan")
    with pytest.raises(DomainError) as error:
        services.aspiration_reject(acting=sekcam, aspiration=rejected, reason="  ")
    assert error.value.field == "reason"
    services.aspiration_reject(acting=sekcam, aspiration=rejected, reason="Bukan aspirasi.")
    assert rejected.status == Status.REJECTED and rejected.reason == "Bukan aspirasi."
    actions = list(
        AuditLog.objects.filter(action__startswith="aspirations.").values_list("action", flat=True)
    )
    assert actions.count("aspirations.aspiration.submitted") == 2
    assert {"aspirations.aspiration.reviewed", "aspirations.aspiration.answered",
            "aspirations.aspiration.rejected"} <= set(actions)  # fmt: skip


def test_who_may_take_which_step(send, member):
    aspiration = send()  # PMD's category
    assert policy.aspiration_steps_for(member("sekcam"), aspiration) == {
        "review", "answer", "reject", "make_case"}  # fmt: skip
    assert policy.aspiration_steps_for(member("pmd"), aspiration) == {"review", "answer", "reject"}
    assert policy.aspiration_steps_for(member("pem"), aspiration) == set()
    assert policy.aspiration_steps_for(member("desa-bungin"), aspiration) == set()
    with pytest.raises(NotAllowed):
        services.aspiration_review(acting=member("pem"), aspiration=aspiration)
    with pytest.raises(NotAllowed):
        services.aspiration_make_case(
            acting=member("pmd"),
            aspiration=aspiration,
            village=aspiration.village,
            category=aspiration.category,
        )
    with pytest.raises(NotAllowed):
        services.aspiration_answer(acting=member("desa-bungin"), aspiration=aspiration, answer="x")


def test_the_inbox_is_the_office_staffs_alone(send, member, other_office):
    mine = send()
    other = send(category="Data dan informasi desa")  # PEM's
    assert set(policy.aspirations_for(member("camat"))) == {mine, other}
    assert set(policy.aspirations_for(member("pmd"))) == {mine}
    assert set(policy.aspirations_for(member("pem"))) == {other}
    for outsider in ("desa-bungin", "kabupaten"):
        assert not policy.aspirations_for(member(outsider)).exists()
        assert not policy.sees_inbox(member(outsider))
    # Another office's camat sees none of ours.
    from apps.accounts.models import Membership, Role

    theirs = Membership.objects.filter(office=other_office, role=Role.HEAD).first()
    assert not policy.aspirations_for(theirs).exists()


def test_a_case_for_the_village_keeps_the_citizens_code_working(send, member, office):
    aspiration = send(anonymous=True, name="Budi")
    sekcam, pmd = member("sekcam"), member("pmd")
    bungin = office.villages.get(slug="bungin")
    services.aspiration_make_case(
        acting=sekcam, aspiration=aspiration, village=bungin, category=aspiration.category
    )
    aspiration.refresh_from_db()
    case = aspiration.case
    assert aspiration.status == Status.CASE
    assert case.village == bungin and case.origin == Origin.ASPIRATION
    assert case.status == CaseStatus.VERIFIED and case.response_due is not None
    assert case.description == aspiration.text and "Budi" not in case.description
    # Bungin's officials hear of it and see it among their cases.
    assert Notification.objects.filter(
        recipient__username="desa-bungin", dedupe_key__startswith=f"case:{case.pk}:"
    ).exists()

    view = selectors.aspiration_public_view(aspiration)
    assert view.case is not None and not view.case.answered

    case_services.case_dispose(
        acting=sekcam, case=case, section=pmd.section, instruction="Internal: cek dulu ke desa."
    )
    case_services.case_answer(
        acting=pmd, case=case, response="Pembinaan bulan depan.", solution="Pelatihan pemuda."
    )
    view = selectors.aspiration_public_view(Aspiration.objects.get(pk=aspiration.pk))
    assert view.case.answered
    shown = repr(view)
    assert "Pembinaan bulan depan." in shown and "Pelatihan pemuda." in shown
    assert "Internal" not in shown and "Noor Aisyah" not in shown and "Budi" not in shown


def test_the_public_list_holds_only_reviewed_aspirations(send, member, office):
    waiting = send(title="Belum ditelaah")
    reviewed = services.aspiration_review(acting=member("sekcam"), aspiration=send())
    listed = list(selectors.aspirations_public_list(office=office))
    assert reviewed in listed and waiting not in listed


def test_the_demo_has_an_aspiration_in_every_state(office, demo_people):
    from apps.aspirations.demo import demo_aspirations_seed
    from apps.cases.demo import demo_cases_seed

    demo_cases_seed(office=office)
    assert demo_aspirations_seed(office=office) == 5
    assert set(Aspiration.objects.values_list("status", flat=True)) == set(Status.values)
    assert demo_aspirations_seed(office=office) == 0  # again: nothing new
    made = Aspiration.objects.get(status=Status.CASE)
    assert selectors.aspiration_public_view(made).case.answered


def test_the_village_sees_where_its_new_case_came_from(send, member, office, login):
    aspiration = send(anonymous=True)
    services.aspiration_make_case(
        acting=member("sekcam"),
        aspiration=aspiration,
        village=aspiration.village,
        category=aspiration.category,
    )
    page = login("desa-bungin").get(f"/permasalahan/{aspiration.case_id}/").content.decode()
    assert "Dari aspirasi masyarakat" in page and aspiration.title in page
    assert aspiration.tracking_code not in page  # the citizen's code stays the citizen's
