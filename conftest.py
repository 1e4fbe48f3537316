"""Shared test fixtures.

Every test starts in "the house" (`tests_support.factories.make_house`): Balangan's regions,
the office of Paringin Selatan and its people (`camat`, `sekcam`, `pmd`, `kabupaten`,
`desa-inan`…), built through the services once per test database. A test runs in a
transaction that is rolled back; a test on the live server (or `transactional_db`) commits
and Django empties every table when it ends, so the house is built again before the next
test that finds it gone (see `pytest_runtest_setup`). The order of the tests does not matter:
`pytest --transactional-first` runs the ones that empty the database first, to check that.
"""

import pytest

# The test database's blocker, once the session has set it up: the house check before each
# test needs it, and must not touch a database before that.
_session = {"db_blocker": None}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tests_support.factories import ensure_house

    with django_db_blocker.unblock():
        ensure_house()  # tests make the cases they need
    _session["db_blocker"] = django_db_blocker


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Whatever ran before, the test starts in the house. This runs before the test's
    fixtures, so the house is committed, not built inside (and rolled back with) the test's
    own transaction, which pytest-django's `django_db` mark opens before any fixture of ours."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()  # a page drawn in an earlier test is never served in the next one
    blocker = _session["db_blocker"]
    if blocker is None:  # no test has used the database yet: django_db_setup builds it
        return
    from tests_support.factories import ensure_house

    with blocker.unblock():
        ensure_house()


def pytest_addoption(parser):
    parser.addoption(
        "--transactional-first",
        action="store_true",
        help="run the tests that empty the database (live server, transactional_db) first, "
        "to check that no other test depends on running before them",
    )


def pytest_collection_modifyitems(config, items):
    # pytest-django has put the transactional tests last, as Django's runner does; that
    # saves rebuilding the house, it is not needed for correctness.
    if config.getoption("--transactional-first"):
        items.sort(key=lambda item: not _empties_the_database(item))


def _empties_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(transactional or fixtures & {"transactional_db", "live_server"})


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
