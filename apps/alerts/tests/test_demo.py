"""The demo early warning: built through the services, idempotent, every CAP message valid."""

import pytest
from lxml import etree

from apps.alerts import selectors
from apps.alerts.cap import XSD_PATH
from apps.alerts.demo import demo_alerts_seed
from apps.alerts.models import Alert, AlertMessage, Incident
from apps.alerts.workflow import Status
from apps.notifications.models import OutboxEmail


@pytest.mark.django_db
def test_the_demo_shows_every_part_of_the_early_warning(office, member, demo_people):
    assert demo_alerts_seed(office=office) == 3
    assert demo_alerts_seed(office=office) == 0  # idempotent
    flood, fire, draft = Alert.objects.order_by("pk")
    assert flood.status == Status.EXPIRED and flood.message_count == 2
    assert fire.is_live and draft.status == Status.DRAFT and draft.is_imported
    board = selectors.alert_board(alert=fire)
    assert (board.total, board.acknowledged) == (8, 5)
    assert fire.deliveries.filter(escalated_at__isnull=False).count() == 3
    assert [d.alert for d in selectors.banner_for(member("desa-inan"))] == [fire]
    assert Incident.objects.get().referral.outcome
    levels = {r.level for r in selectors.readiness_overview_for(membership=member("camat"))}
    assert levels == {"ready", "partial", "none"}
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    for message in AlertMessage.objects.all():
        assert schema.validate(etree.fromstring(message.xml.encode())), message.identifier
    assert not OutboxEmail.objects.filter(status="pending").exists()  # demo mail never leaves
