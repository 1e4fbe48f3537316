"""Shared test fixtures.

Every test starts in "the house" (`tests_support.factories.make_house`): Balangan's regions,
the office of Paringin Selatan and its people (`camat`, `sekcam`, `pmd`, `kabupaten`,
`desa-inan`…), built through the services once per test database; every test then runs in a
transaction that is rolled back.
"""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tests_support.factories import ensure_house

    with django_db_blocker.unblock():
        ensure_house()  # tests make the cases they need


@pytest.fixture
def office(db):
    from apps.offices.models import Office

    return Office.objects.get(region__code="63.11.07")


@pytest.fixture
def users(db):
    """The people of the house (and any added since) by username."""
    from apps.accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def login(client, users):
    """Log the test client in as one of the house's people: `login("desa-inan")`."""

    def do(username):
        client.force_login(users[username])
        return client

    return do


@pytest.fixture
def demo_people(office):
    """For the tests of the demo itself: the house's people make way (inside the test's
    transaction, rolled back with it) and the demo accounts of `apps.accounts.demo` take
    their usernames. Returns how many accounts the demo created."""
    from apps.accounts.demo import demo_seed
    from apps.accounts.models import User

    User.objects.all().delete()
    return demo_seed(office=office, with_domains=False)


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
    from tests_support.factories import ensure_house

    ensure_house()


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
