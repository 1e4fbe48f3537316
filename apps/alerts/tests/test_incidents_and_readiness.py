"""Incident reports from villages to BPBD, and village readiness."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.alerts import selectors, services
from apps.alerts.models import EmergencyContact, EvacuationPoint, Incident, ReadinessItem
from apps.alerts.workflow import IncidentStatus
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.notifications.models import Notification
from tests_support.images import image_bytes

JPEG = image_bytes("JPEG")


def incident_values(village, **fields):
    values = {
        "village": village,
        "hazard": "puting_beliung",
        "occurred_at": clock.now() - dt.timedelta(hours=1),
        "place": "RT 04 dekat masjid",
        "description": "Angin kencang merobohkan dua atap rumah.",
        "people_affected": 9,
        "houses_damaged": 2,
        "needs": "Terpal dan paku.",
    } | fields
    return services.IncidentInput(**values)


@pytest.fixture
def report(member):
    def do(username="desa-inan", photos=None, key="", **fields):
        acting = member(username)
        village = fields.pop("village", acting.village)
        return services.incident_report(
            acting=acting,
            values=incident_values(village, **fields),
            photos=photos,
            idempotency_key=key,
        )

    return do


@pytest.mark.django_db
def test_a_village_reports_with_a_photo_once_and_the_office_is_told(report):
    first = report(photos=[SimpleUploadedFile("atap.jpg", JPEG)], key="k1",
                   latitude=Decimal("-2.345678"), longitude=Decimal("115.501234"))  # fmt: skip
    again = report(key="k1")
    assert first.created and not again.created and again.incident == first.incident
    incident = first.incident
    assert incident.photos.count() == 1 and incident.status == IncidentStatus.REPORTED
    told = Notification.objects.filter(dedupe_key__startswith=f"incident:{incident.pk}:")
    assert {n.recipient.username for n in told} == {"camat", "sekcam", "trantib"}


@pytest.mark.django_db
def test_what_a_report_needs(report, member, office):
    with pytest.raises(DomainError) as refused:
        report(place="  ")
    assert refused.value.field == "place"
    with pytest.raises(DomainError):
        report(latitude=Decimal("-2.3"))
    with pytest.raises(DomainError):
        report(occurred_at=clock.now() + dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:  # the API has no form to check the range
        report(latitude=Decimal("-967.5"), longitude=Decimal("115.5"))
    assert refused.value.field == "latitude"
    with pytest.raises(DomainError) as refused:  # a year typed wrong: 0024 for 2024
        report(occurred_at=clock.now().replace(year=24))
    assert refused.value.field == "occurred_at"
    assert report(occurred_at=clock.now() - dt.timedelta(days=300)).created
    with pytest.raises(DomainError) as refused:
        report(photos=[SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\0" * 64)])
    assert refused.value.field == "photos"
    with pytest.raises(DomainError) as refused:  # not their village
        report(village=office.villages.get(slug="bungin"))
    assert refused.value.field == "village"
    with pytest.raises(NotAllowed):
        report(username="pmd")
    # Trantib takes a report by phone for any village of the office.
    assert report(username="trantib", village=office.villages.get(slug="bungin")).created


@pytest.mark.django_db
def test_the_office_verifies_refers_to_bpbd_records_the_outcome_and_closes(report, member):
    incident = report().incident
    trantib = member("trantib")
    with pytest.raises(NotAllowed):
        services.incident_verify(acting=member("desa-inan"), incident=incident)
    with pytest.raises(InvalidState):
        services.incident_close(acting=trantib, incident=incident, note="x")
    services.incident_verify(acting=trantib, incident=incident)
    services.incident_refer(acting=trantib, incident=incident, letter_number="360/1/Trantib")
    assert incident.referral.agency.short_name == "BPBD"  # the office's default
    services.incident_record_outcome(
        acting=member("camat"), incident=incident, outcome="Terpal dikirim."
    )
    with pytest.raises(InvalidState):
        services.incident_record_outcome(acting=trantib, incident=incident, outcome="lagi")
    services.incident_close(acting=trantib, incident=incident, note="Atap sudah diperbaiki.")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.closed_at
    told = Notification.objects.filter(
        recipient__username="desa-inan", dedupe_key__startswith=f"incident:{incident.pk}:"
    )
    assert told.count() == 4  # verified, referred, outcome, closed
    timeline = [t["entry"].action for t in selectors.incident_timeline(incident=incident)]
    assert timeline[0] == "alerts.incident.reported" and timeline[-1] == "alerts.incident.closed"


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(report, member):
    incident = report().incident
    with pytest.raises(DomainError):
        services.incident_reject(acting=member("trantib"), incident=incident, reason=" ")
    services.incident_reject(acting=member("trantib"), incident=incident, reason="Laporan ganda.")
    assert Incident.objects.get(pk=incident.pk).status == IncidentStatus.REJECTED


@pytest.mark.django_db
def test_an_incident_links_only_to_an_alert_its_village_received(report, issue):
    alert = issue("bungin")
    with pytest.raises(DomainError) as refused:
        report(alert=alert)
    assert refused.value.field == "alert"
    mine = issue("inan")
    assert report(alert=mine).incident.alert == mine


@pytest.mark.django_db
def test_a_village_keeps_its_own_readiness_and_trantib_any_of_the_office(member, office):
    inan = office.villages.get(slug="inan")
    bungin = office.villages.get(slug="bungin")
    contact = services.readiness_record_save(
        acting=member("desa-inan"),
        village=inan,
        instance=EmergencyContact(),
        values={"name": "Rahmadi", "position": "Kepala Desa", "phone": "0812 5170 2003",
                "is_primary": True},
    )  # fmt: skip
    assert contact.office == office and contact.village == inan
    with pytest.raises(NotAllowed):
        services.readiness_record_save(
            acting=member("desa-inan"), village=bungin, instance=EmergencyContact(),
            values={"name": "X", "position": "Y", "phone": "0812 1111 2222"},
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.readiness_record_delete(acting=member("desa-bungin"), instance=contact)
    with pytest.raises(DomainError):  # checked by the model's validators
        services.readiness_record_save(
            acting=member("trantib"), village=bungin, instance=EmergencyContact(),
            values={"name": "X", "position": "Y", "phone": "bukan nomor"},
        )  # fmt: skip
    services.readiness_record_delete(acting=member("trantib"), instance=contact)
    assert not EmergencyContact.objects.exists()


@pytest.mark.django_db
def test_the_overview_says_which_villages_are_ready(member, office):
    inan = office.villages.get(slug="inan")
    tarangan = office.villages.get(slug="tarangan")
    everything = dict.fromkeys(ReadinessItem.values, (True, ""))
    for village, when in ((inan, clock.now()), (tarangan, clock.now() - dt.timedelta(days=400))):
        with clock.frozen(when):
            services.readiness_checklist_review(
                acting=member("trantib"), village=village, items=everything
            )
        services.readiness_record_save(
            acting=member("trantib"), village=village, instance=EmergencyContact(),
            values={"name": "Kades", "position": "Kepala Desa", "phone": "0812 5170 2003"},
        )  # fmt: skip
        services.readiness_record_save(
            acting=member("trantib"), village=village, instance=EvacuationPoint(),
            values={"name": "Balai desa", "address": "Jalan desa", "capacity": 100},
        )  # fmt: skip
    rows = {r.village.slug: r for r in selectors.readiness_overview_for(membership=member("camat"))}
    assert len(rows) == 16
    assert rows["inan"].level == "ready" and not rows["inan"].review_due
    assert rows["tarangan"].level == "partial" and rows["tarangan"].review_due  # a year old
    assert rows["bungin"].level == "none"
    mine = selectors.readiness_overview_for(membership=member("desa-inan"))
    assert [r.village.slug for r in mine] == ["inan"]
