"""Shared test fixtures.

The Paringin Selatan master data and demo accounts are loaded once per test database (the
same commands `make run` uses); every test then runs in a transaction that is rolled back.
"""

from pathlib import Path

import pytest
from django.conf import settings

BALANGAN_CSV = Path(settings.BASE_DIR) / "data" / "wilayah_balangan.csv"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from apps.accounts.demo import demo_seed
    from apps.offices.services import office_setup
    from apps.regions.models import Region
    from apps.regions.services import regions_import

    with django_db_blocker.unblock():
        regions_import(path=BALANGAN_CSV)
        office = office_setup(region=Region.objects.get(code="63.11.07"))
        demo_seed(office=office, with_domains=False)  # tests make the cases they need


@pytest.fixture
def office(db):
    from apps.offices.models import Office

    return Office.objects.get(region__code="63.11.07")


@pytest.fixture
def users(db):
    """The demo accounts by username."""
    from apps.accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def login(client, users):
    """Log the test client in as a demo account: `login("desa-inan")`."""

    def do(username):
        client.force_login(users[username])
        return client

    return do


@pytest.fixture
def other_office(db):
    """A second kecamatan office (Paringin) with two villages and its own staff, to prove
    that one office never sees another's data."""
    from tests_support.factories import make_other_office

    return make_other_office()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd); Django's SMTP backend sends to it."""
    from tests_support.smtp import SmtpSink

    sink = SmtpSink()
    sink.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    yield sink
    sink.stop()


@pytest.fixture
def seeded_for_browser(transactional_db):
    """Browser tests use live_server, whose transactional teardown empties the tables: load
    the master data again when an earlier browser test has wiped it. Browser tests run last
    (see pytest_collection_modifyitems) so the other tests keep the session's data."""
    from apps.accounts.demo import demo_seed
    from apps.offices.models import Office
    from apps.offices.services import office_setup
    from apps.regions.models import Region
    from apps.regions.services import regions_import

    if not Office.objects.filter(region__code="63.11.07").exists():
        regions_import(path=BALANGAN_CSV)
        demo_seed(
            office=office_setup(region=Region.objects.get(code="63.11.07")), with_domains=False
        )


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
