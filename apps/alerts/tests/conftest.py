import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.models import Membership
from apps.alerts import services
from apps.alerts.values import Certainty, Hazard, Severity, Urgency
from apps.core import clock

WITA = timezone.get_default_timezone()
FIVE = ("inan", "bungin", "tarangan", "lingsir", "murung-abuin")


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def member(db):
    """The active membership of a demo account: `member("trantib")`."""

    def get(username):
        return Membership.objects.select_related("user", "office", "village", "section").get(
            user__username=username, is_active=True, office__region__code="63.11.07"
        )

    return get


@pytest.fixture
def villages(office):
    def get(*slugs):
        return list(office.villages.filter(slug__in=slugs).order_by("name"))

    return get


def alert_values(villages, **fields) -> services.AlertInput:
    values = {
        "hazard": Hazard.FLOOD,
        "severity": Severity.SEVERE,
        "urgency": Urgency.EXPECTED,
        "certainty": Certainty.LIKELY,
        "headline": "Sungai Balangan berpotensi meluap",
        "description": "Tinggi muka air naik 80 cm dalam 12 jam.",
        "instruction": "Amankan dokumen dan ternak, siapkan perahu.",
        "expires": clock.now() + dt.timedelta(hours=12),
        "villages": list(villages),
    } | fields
    return services.AlertInput(**values)


@pytest.fixture
def issue(member, villages):
    """Issue an alert as `trantib` to the given villages (the five of the flow by default)."""

    def do(*slugs, username="trantib", when=None, issue=True, **fields):
        with clock.frozen(when or clock.now()):
            return services.alert_create(
                acting=member(username),
                values=alert_values(villages(*(slugs or FIVE)), **fields),
                issue=issue,
            )

    return do


@pytest.fixture
def acknowledge(member):
    def do(alert, username="desa-inan", state="terdampak", note="", when=None):
        membership = member(username)
        delivery = alert.deliveries.get(village=membership.village)
        with clock.frozen(when or clock.now()):
            return services.delivery_acknowledge(
                acting=membership, delivery=delivery, state=state, note=note
            )

    return do


@pytest.fixture
def as_user(db):
    """A client of its own, logged in as a demo account (several may be used side by side)."""
    from django.test import Client

    from apps.accounts.models import User

    def do(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return do
