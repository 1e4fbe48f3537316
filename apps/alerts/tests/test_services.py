"""Alerts through their services: issue, acknowledge, report, update, cancel, expire and the
escalation, with what each tells whom (in the app and through the outbox)."""

import datetime as dt

import pytest
from django.core import mail

from apps.alerts import policy, selectors, services
from apps.alerts.models import AlertSettings, Delivery, StateReport
from apps.alerts.values import Severity
from apps.alerts.workflow import Status
from apps.core import clock
from apps.core.errors import DomainError, InvalidState, NotAllowed
from apps.notifications.models import Notification, OutboxEmail
from apps.offices.models import AuditLog

from .conftest import FIVE, alert_values, at

MONDAY = at(2026, 3, 2, 9)


@pytest.mark.django_db
def test_issuing_sends_one_delivery_per_village_one_cap_message_and_tells_them_once(
    issue, django_capture_on_commit_callbacks, users
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = issue(when=MONDAY)
    assert alert.status == Status.ISSUED and alert.message_count == 1
    deliveries = list(alert.deliveries.select_related("village"))
    assert sorted(d.village.slug for d in deliveries) == sorted(FIVE)
    # Severe: 30 minutes to acknowledge.
    assert {d.ack_due for d in deliveries} == {MONDAY + dt.timedelta(minutes=30)}
    message = alert.messages.get()
    assert message.msg_type == "Alert" and message.identifier == f"{alert.code}-1"
    told = Notification.objects.filter(dedupe_key__startswith=f"alert:{alert.pk}:audit:")
    assert {n.recipient.username for n in told} >= {"desa-inan", "desa-bungin", "camat", "sekcam"}
    assert "trantib" not in {n.recipient.username for n in told}  # the issuer
    inan = told.get(recipient=users["desa-inan"])
    assert inan.title.startswith("PERINGATAN DINI Banjir")
    assert "09:30" in inan.body  # acknowledge before
    assert OutboxEmail.objects.filter(to="desa-inan@paringin-selatan.test").count() == 1
    assert any("desa-inan@" in m.to[0] for m in mail.outbox)
    assert AuditLog.objects.filter(action="alerts.alert.issued", target_id=str(alert.pk)).exists()


@pytest.mark.django_db
def test_all_villages_means_all_sixteen(issue):
    alert = issue("inan", all_villages=True)
    assert alert.deliveries.count() == 16
    assert alert.villages.count() == 16  # who got it is kept


@pytest.mark.django_db
def test_issuing_is_for_trantib_the_secretary_and_the_camat(member, villages, issue):
    values = alert_values(villages("inan"))
    for username in ("trantib", "sekcam", "camat"):
        assert services.alert_create(acting=member(username), values=values).pk
    for username in ("pmd", "desa-inan", "kesos"):
        with pytest.raises(NotAllowed):
            services.alert_create(acting=member(username), values=values)
    draft = issue("inan", issue=False)
    with pytest.raises(NotAllowed):
        services.alert_issue(acting=member("pmd"), alert=draft)


@pytest.mark.django_db
def test_the_office_may_give_issuing_to_another_section(member, villages, office):
    AlertSettings.objects.create(
        office=office, issuing_section=office.sections.get(short_name="PMD")
    )
    values = alert_values(villages("inan"))
    assert services.alert_create(acting=member("pmd"), values=values).pk
    with pytest.raises(NotAllowed):
        services.alert_create(acting=member("trantib"), values=values)


@pytest.mark.django_db
def test_an_alert_is_not_issued_without_villages_or_after_its_expiry(member, issue):
    empty = issue("no-such-village", issue=False)
    with pytest.raises(DomainError) as refused:
        services.alert_issue(acting=member("trantib"), alert=empty)
    assert refused.value.field == "villages"
    late = issue(issue=False, when=MONDAY)
    with clock.frozen(MONDAY + dt.timedelta(days=1)), pytest.raises(DomainError) as refused:
        services.alert_issue(acting=member("trantib"), alert=late)
    assert refused.value.field == "expires"
    with pytest.raises(DomainError):
        issue(
            expires=clock.now() + dt.timedelta(hours=1),
            effective=clock.now() + dt.timedelta(hours=2),
        )


@pytest.mark.django_db
def test_a_village_acknowledges_once_with_its_state_then_reports_changes(
    issue, acknowledge, member, users
):
    alert = issue(when=MONDAY)
    with clock.frozen(MONDAY + dt.timedelta(minutes=7)):
        delivery = acknowledge(alert, state="waspada", note="Air naik di RT 02.")
    assert delivery.acknowledged_by == users["desa-inan"] and delivery.state == "waspada"
    assert selectors.alert_board(alert=alert).rows[-1].delivery.time_to_acknowledge == dt.timedelta(
        minutes=7
    )
    with pytest.raises(InvalidState):  # acknowledged already
        acknowledge(alert)
    delivery.alert = alert
    with clock.frozen(MONDAY + dt.timedelta(hours=2)):
        services.delivery_report_state(
            acting=member("desa-inan"),
            delivery=delivery,
            state="terdampak",
            note="Air masuk rumah.",
        )
    history = list(
        StateReport.objects.filter(delivery=delivery).values_list("state", "acknowledgement")
    )
    assert history == [("waspada", True), ("terdampak", False)]
    # Affected reaches the camat, the secretary and Trantib at once.
    told = Notification.objects.filter(dedupe_key__startswith=f"alert:{alert.pk}:village:")
    assert {n.recipient.username for n in told} == {"camat", "sekcam", "trantib"}
    assert "terdampak" in told.first().title.lower()


@pytest.mark.django_db
def test_only_the_addressed_village_acknowledges(issue, member):
    alert = issue(when=MONDAY)
    delivery = alert.deliveries.get(village__slug="inan")
    for username in ("desa-bungin", "trantib", "camat", "desa-halubau"):
        with pytest.raises(NotAllowed):
            services.delivery_acknowledge(acting=member(username), delivery=delivery, state="aman")
    with pytest.raises(DomainError):
        services.delivery_acknowledge(acting=member("desa-inan"), delivery=delivery, state="banjir")


@pytest.mark.django_db
def test_an_update_is_a_new_message_villages_acknowledge_again_and_see_what_changed(
    issue, acknowledge, member, villages
):
    alert = issue(when=MONDAY)
    acknowledge(alert, when=MONDAY + dt.timedelta(minutes=5))
    later = MONDAY + dt.timedelta(hours=3)
    targets = [v for v in villages(*FIVE) if v.slug != "lingsir"] + villages("halubau")
    with clock.frozen(later):
        services.alert_update(
            acting=member("camat"),
            alert=alert,
            values=alert_values(
                targets, severity=Severity.EXTREME, expires=later + dt.timedelta(hours=6)
            ),
            change_note="Air sudah meluap di Tarangan.",
        )
    alert.refresh_from_db()
    assert alert.status == Status.UPDATED and alert.message_count == 2
    active = alert.deliveries.filter(withdrawn_at__isnull=True)
    assert sorted(active.values_list("village__slug", flat=True)) == sorted(
        ["inan", "bungin", "tarangan", "murung-abuin", "halubau"]
    )
    assert alert.deliveries.get(village__slug="lingsir").withdrawn_at == later
    inan = alert.deliveries.get(village__slug="inan")
    assert inan.acknowledged_at is None and inan.state == "terdampak"  # the state stays
    assert inan.ack_due == later + dt.timedelta(minutes=30)
    update = alert.messages.get(number=2)
    assert update.msg_type == "Update"
    assert f"{alert.code}-1" in update.xml and "<references>" in update.xml
    changes = {c["label"]: (c["old"], c["new"]) for c in selectors.alert_changes(alert=alert)}
    assert any("Halubau" in new for _old, new in changes.values())
    assert any("Lingsir" in old for old, _new in changes.values())
    severity = [v for k, v in changes.items() if str(k) in ("severity", "tingkat keparahan")]
    assert severity and severity[0][1].startswith(("Extreme", "Ekstrem"))
    removed = Notification.objects.filter(dedupe_key__startswith=f"alert:{alert.pk}:removed:")
    assert {n.recipient.username for n in removed} == {"desa-lingsir"}
    # Lingsir may still read why (the notification's link), but no longer acknowledges it.
    lingsir = member("desa-lingsir")
    assert policy.alert_get_for(lingsir, pk=alert.pk) == alert
    withdrawn = policy.delivery_of(lingsir, alert)
    assert policy.alert_steps_for(lingsir, alert, withdrawn) == set()
    with pytest.raises(InvalidState, match="tidak lagi"):
        services.delivery_acknowledge(acting=lingsir, delivery=withdrawn, state="aman")
    assert not selectors.banner_for(lingsir)


@pytest.mark.django_db
def test_cancelling_publishes_a_cancel_and_ends_the_steps(issue, member):
    alert = issue(when=MONDAY)
    with clock.frozen(MONDAY + dt.timedelta(hours=1)):
        services.alert_cancel(acting=member("sekcam"), alert=alert, reason="Air sudah surut.")
    assert alert.status == Status.CANCELLED and alert.messages.last().msg_type == "Cancel"
    assert not selectors.banner_for(member("desa-inan"))
    with pytest.raises(InvalidState):
        services.alert_update(
            acting=member("trantib"), alert=alert, values=alert_values([]), change_note="x"
        )
    delivery = alert.deliveries.get(village__slug="inan")
    with pytest.raises(InvalidState):
        services.delivery_acknowledge(acting=member("desa-inan"), delivery=delivery, state="aman")
    with pytest.raises(DomainError):
        services.alert_cancel(acting=member("trantib"), alert=issue(), reason="  ")


@pytest.mark.django_db
def test_a_cancelled_draft_is_discarded_without_a_message(issue, member):
    draft = issue(issue=False)
    services.alert_cancel(acting=member("trantib"), alert=draft, reason="Salah ketik.")
    assert draft.message_count == 0 and not draft.messages.exists()
    assert AuditLog.objects.filter(action="alerts.alert.discarded").exists()


@pytest.mark.django_db
def test_alerts_end_at_their_expiry_and_villages_can_no_longer_acknowledge(issue, member):
    alert = issue(when=MONDAY, expires=MONDAY + dt.timedelta(hours=2))
    with clock.frozen(MONDAY + dt.timedelta(hours=1)):
        assert services.alerts_expire_due() == 0
    with clock.frozen(MONDAY + dt.timedelta(hours=2, minutes=1)):
        delivery = alert.deliveries.get(village__slug="inan")
        with pytest.raises(InvalidState):
            services.delivery_acknowledge(
                acting=member("desa-inan"), delivery=delivery, state="aman"
            )
        assert services.alerts_expire_due() == 1
        assert not selectors.banner_for(member("desa-inan"))
    alert.refresh_from_db()
    assert alert.status == Status.EXPIRED
    with pytest.raises(NotAllowed):  # only the clock expires an alert
        services.alert_expire(acting=member("camat"), alert=alert)


@pytest.mark.django_db
def test_villages_that_do_not_acknowledge_in_time_are_escalated_once(
    issue, acknowledge, users, django_capture_on_commit_callbacks
):
    alert = issue(when=MONDAY)
    acknowledge(alert, when=MONDAY + dt.timedelta(minutes=10))
    with clock.frozen(MONDAY + dt.timedelta(minutes=29)):
        assert services.deliveries_escalate() == 0
    with (
        clock.frozen(MONDAY + dt.timedelta(minutes=31)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.deliveries_escalate() == 4
        assert services.deliveries_escalate() == 0  # once
    late = Delivery.objects.filter(alert=alert, escalated_at__isnull=False)
    assert sorted(late.values_list("village__slug", flat=True)) == sorted(set(FIVE) - {"inan"})
    told = Notification.objects.filter(dedupe_key__startswith=f"alert:{alert.pk}:late:")
    people = {n.recipient.username for n in told}
    assert {"camat", "sekcam", "trantib", "desa-bungin", "desa-tarangan"} <= people
    assert "desa-inan" not in people
    camat = told.get(recipient=users["camat"])
    assert camat.title.startswith("4 desa") and camat.url == "/peringatan/belum-konfirmasi/"
    assert "Bungin" in camat.body
    assert OutboxEmail.objects.filter(dedupe_key__startswith=f"alert:{alert.pk}:late:").count() >= 5


@pytest.mark.django_db
def test_a_moderate_alert_gives_four_hours_and_the_office_may_change_both(issue, office):
    moderate = issue("inan", when=MONDAY, severity=Severity.MODERATE)
    with clock.frozen(MONDAY + dt.timedelta(minutes=31)):
        assert services.deliveries_escalate() == 0
    with clock.frozen(MONDAY + dt.timedelta(hours=4, minutes=1)):
        assert services.deliveries_escalate() == 1
    AlertSettings.objects.create(office=office, ack_minutes_severe=10)
    severe = issue("inan", when=MONDAY)
    assert severe.deliveries.get().ack_due == MONDAY + dt.timedelta(minutes=10)
    own = issue("inan", when=MONDAY, ack_minutes=90)
    assert own.deliveries.get().ack_due == MONDAY + dt.timedelta(minutes=90)
    assert moderate.deliveries.get().escalations == 1


@pytest.mark.django_db
def test_an_update_starts_the_acknowledgement_clock_again(issue, member, villages):
    alert = issue("inan", when=MONDAY)
    with clock.frozen(MONDAY + dt.timedelta(minutes=40)):
        services.deliveries_escalate()
        services.alert_update(
            acting=member("trantib"),
            alert=alert,
            values=alert_values(villages("inan")),
            change_note="Status tetap siaga.",
        )
    delivery = alert.deliveries.get()
    assert delivery.escalated_at is None and delivery.message_number == 2
    with clock.frozen(MONDAY + dt.timedelta(minutes=71)):
        assert services.deliveries_escalate() == 1
