"""IDOR probes: object ids of another village, section or office put where a form or the API
takes an id (the body, the query string, the address). Each must be refused or ignored:
nothing of the other village is shown, nothing is written to it."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.alerts.models import EmergencyContact, Incident
from apps.cases.models import Case
from apps.follow_ups.models import Evidence, FollowUp, FollowUpOwner
from apps.follow_ups.services import FollowUpInput
from apps.meetings.models import Consultation, Invitation, Meeting
from apps.offices.models import AuditLog
from apps.village_reports.models import Submission
from tests_support.factories import make_answered_case, make_other_office, membership_of
from tests_support.world import PDF, open_consultation_hours, other_office_case

REFUSED = (400, 403, 404, 422)  # a form error, the API's 422, a refusal, "no such thing"


@pytest.fixture
def login(db):
    """A client of its own per person, looked up when called (after the other office)."""

    def do(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return do


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def other(db):
    return make_other_office()


@pytest.fixture
def bungin_case(db):
    return make_answered_case(village="desa-bungin", title="Rahasia Bungin")


@pytest.mark.django_db
def test_a_consultation_names_only_the_villages_own_case(login, bungin_case, office):
    pmd = office.sections.get(short_name="PMD")
    slot = open_consultation_hours(pmd)
    client = login("desa-inan")
    body = {
        "section": pmd.pk,
        "starts_at": slot.isoformat(),
        "topic": "Konsultasi",
        "case_ref": str(bungin_case.pk),
    }
    response = post_json(client, reverse("api:consultations"), body)
    assert response.status_code in REFUSED
    assert "Rahasia Bungin" not in response.text
    assert not Consultation.objects.exists()
    # The page form refuses it the same way.
    page = client.post(
        reverse("meetings:consultation_book"),
        {
            "section": pmd.pk,
            "starts_at": slot.isoformat(),
            "topic": "x",
            "case_ref": bungin_case.pk,
        },
    )
    assert page.status_code in (200, 400) and "Rahasia Bungin" not in page.text
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_a_consultation_is_booked_for_ones_own_village_and_office_only(login, office, other):
    pmd = office.sections.get(short_name="PMD")
    slot = open_consultation_hours(pmd)
    bungin = office.villages.get(slug="bungin")
    client = login("desa-inan")
    # A village id in the body is not a field: the booking is Inan's.
    body = {"section": pmd.pk, "starts_at": slot.isoformat(), "topic": "x", "village": bungin.pk}
    assert post_json(client, reverse("api:consultations"), body).status_code == 201
    assert list(Consultation.objects.values_list("village__slug", flat=True)) == ["inan"]
    # A section of another office is refused.
    foreign = other.sections.get(short_name="PMD")
    body = {"section": foreign.pk, "starts_at": slot.isoformat(), "topic": "x"}
    assert post_json(client, reverse("api:consultations"), body).status_code in REFUSED
    assert Consultation.objects.count() == 1


@pytest.mark.django_db
def test_evidence_cannot_be_added_to_another_offices_follow_up(login, office, other):
    make_answered_case(
        follow_ups=[
            FollowUpInput(
                "Pelatihan operator",
                FollowUpOwner.SECTION,
                dt.date.today() + dt.timedelta(days=10),
                owner_section=office.sections.get(short_name="PMD"),
            )
        ]
    )
    follow_up = FollowUp.objects.get()
    evidence = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    for username in ("camat-paringin", "desa-lasung-batu"):
        response = login(username).post(
            reverse("follow_ups:complete", args=[follow_up.pk]),
            {"note": "Selesai", "evidence": evidence},
        )
        assert response.status_code == 404, username
    # The API: another case's follow-up under one's own case's address.
    own = other_office_case()
    api = login("camat-paringin")
    response = post_json(
        api,
        reverse("api:case_follow_up_complete", args=[own.tracking_number, follow_up.pk]),
        {"note": "Selesai"},
    )
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.is_open
    assert not Evidence.objects.filter(follow_up=follow_up).exists()


@pytest.mark.django_db
def test_a_case_takes_only_its_own_offices_category_and_section(login, other, office):
    client = login("desa-inan")
    foreign_category = other.categories.get(name="Keuangan desa")
    body = {
        "title": "Uji",
        "description": "Uji kategori kantor lain.",
        "category": foreign_category.pk,
        "urgency": "sedang",
    }
    assert post_json(client, reverse("api:cases"), body).status_code in REFUSED
    page = client.post(
        reverse("cases:submit"),
        {
            "title": "Uji",
            "description": "Uji",
            "category": foreign_category.pk,
            "urgency": "sedang",
        },
    )
    assert page.status_code in (200, 400)
    assert not Case.objects.exists()
    # The camat cannot dispose a case to another office's section, by page or API.
    case = make_answered_case()
    from apps.cases import services as cases

    fresh = cases.case_submit(
        acting=membership_of("desa-inan"),
        category=office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Baru",
        description="Baru",
    ).case
    cases.case_verify(acting=membership_of("sekcam"), case=fresh)
    foreign_section = other.sections.get(short_name="PMD")
    camat = login("camat")
    page = camat.post(
        reverse("cases:action", args=[fresh.tracking_number, "dispose"]),
        {"section": foreign_section.pk, "instruction": "x"},
    )
    assert page.status_code == 400
    api = post_json(
        camat,
        f"/api/v1/cases/{fresh.tracking_number}/actions/dispose",
        {"section": foreign_section.pk, "instruction": "x"},
    )
    assert api.status_code in REFUSED
    fresh.refresh_from_db()
    assert fresh.section.office_id == office.pk and fresh.status == "diverifikasi"
    assert case.section.office_id == office.pk


@pytest.mark.django_db
def test_lists_filtered_by_another_villages_id_show_nothing_of_it(login, bungin_case, other):
    bungin = bungin_case.village
    foreign = other_office_case()
    inan = login("desa-inan")
    for url in (
        reverse("cases:list") + f"?village={bungin.pk}",
        reverse("cases:export") + f"?village={bungin.pk}",
        reverse("api:cases") + f"?village={bungin.pk}",
        reverse("follow_ups:board") + f"?village={bungin.pk}",
        reverse("api:follow_ups") + f"?village={bungin.pk}",
        reverse("meetings:consultations") + f"?village={bungin.pk}",
        reverse("api:report_submissions") + f"?village={bungin.pk}",
        reverse("alerts:incidents") + f"?village={bungin.pk}",
    ):
        response = inan.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert response.status_code in (200, 400), url
        assert b"Rahasia Bungin" not in body, url
        assert bungin_case.tracking_number.encode() not in body, url
    # Another office's camat filtering by a village of Paringin Selatan sees none of it.
    paringin = login("camat-paringin")
    for url in (
        reverse("cases:list") + f"?village={bungin.pk}",
        reverse("api:cases") + f"?village={bungin.pk}",
        reverse("monitoring:dashboard") + f"?village={bungin.pk}",
    ):
        response = paringin.get(url)
        assert response.status_code in (200, 400), url
        assert "Rahasia Bungin" not in response.text, url
    # And the camat of Paringin Selatan never sees Paringin's case.
    assert (
        "Rahasia Lasung Batu"
        not in login("camat").get(reverse("cases:list") + f"?village={foreign.village_id}").text
    )


@pytest.mark.django_db
def test_an_incident_is_reported_only_for_a_village_one_may_speak_for(login, office, other):
    bungin = office.villages.get(slug="bungin")
    inan = office.villages.get(slug="inan")
    body = {
        "hazard": "banjir",
        "occurred_at": "2026-01-05T08:00:00+08:00",
        "place": "RT 01",
        "description": "Air naik.",
    }
    for username, village in (
        ("desa-inan", bungin),  # another village of the office
        ("kabupaten", inan),  # the inspector reads, never reports
        ("camat-paringin", inan),  # another office
        ("pem", inan),  # a section that does not issue warnings
    ):
        response = post_json(
            login(username), reverse("api:incidents"), {**body, "village": village.pk}
        )
        assert response.status_code in REFUSED, (username, response.status_code)
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_a_report_is_sent_only_for_ones_own_offices_obligation(login, office, other):
    obligation = office.obligation_types.get(code="stunting-bulanan")
    response = post_json(
        login("desa-lasung-batu"),
        reverse("api:report_submissions"),
        {"obligation": obligation.pk, "period_start": "2026-01-01", "figures": {}},
    )
    assert response.status_code in REFUSED
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_a_meeting_invites_only_its_own_offices_villages(login, office, other):
    body = {
        "kind": "rakor",
        "title": "Rapat",
        "starts_at": "2030-01-08T09:00:00+08:00",
        "ends_at": "2030-01-08T11:00:00+08:00",
        "section": other.sections.get(short_name="PMD").pk,
        "villages": [office.villages.get(slug="inan").pk],
        "people": [membership_of("pmd").user_id],
    }
    response = post_json(login("camat-paringin"), reverse("api:meetings"), body)
    assert response.status_code in REFUSED
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


@pytest.mark.django_db
def test_another_villages_readiness_is_out_of_reach(login, office):
    from apps.alerts import services as alerts

    bungin = office.villages.get(slug="bungin")
    contact = alerts.readiness_record_save(
        acting=membership_of("trantib"),
        village=bungin,
        instance=EmergencyContact(),
        values={"name": "Basri", "position": "Kepala Desa", "phone": "081234567891"},
    )
    client = login("desa-inan")
    inan = office.villages.get(slug="inan")
    for village in (bungin, inan):  # its own address, and Bungin's record under Inan's
        edit = reverse("alerts:readiness_record_edit", args=[village.pk, "kontak", contact.pk])
        assert client.get(edit).status_code == 404
        assert client.post(edit, {"name": "Diubah", "phone": "0811"}).status_code == 404
        delete = reverse("alerts:readiness_record_delete", args=[village.pk, "kontak", contact.pk])
        assert client.post(delete).status_code == 404
    contact.refresh_from_db()
    assert contact.name == "Basri"
    assert client.get(reverse("api:readiness", args=[bungin.pk])).status_code == 404


@pytest.mark.django_db
def test_a_shared_issue_takes_only_cases_of_its_own_office(login, other):
    from apps.cases import services as cases

    own = make_answered_case()
    fresh = cases.case_submit(
        acting=membership_of("desa-inan"),
        category=own.category,
        urgency="sedang",
        title="Baru",
        description="Baru",
    ).case
    cases.case_verify(acting=membership_of("sekcam"), case=fresh)
    foreign = other_office_case()
    before = AuditLog.objects.count()
    response = login("camat").post(
        reverse("cases:shared_issue_create", args=[fresh.tracking_number]),
        {"title": "Bersama", "cases": [fresh.pk, foreign.pk]},
    )
    assert response.status_code == 200  # the form, with its error
    foreign.refresh_from_db()
    assert foreign.shared_issue_id is None
    assert AuditLog.objects.count() == before
