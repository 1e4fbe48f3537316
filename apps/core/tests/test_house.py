"""Every test starts in the house (conftest.py), whatever ran before it.

A test on the live server or with `transactional_db` commits, and Django empties every table
when it ends. pytest-django runs such tests after the others and the tests without the
database last, so the last test here runs after a flush: it finds the house built again and
nothing of what the transactional test wrote. (`pytest --transactional-first` runs every
transactional test first; the whole suite passes that way too.)
"""

import pytest

from apps.accounts.models import User
from apps.offices.models import Office
from tests_support.factories import house_office, make_other_office


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_finds_the_house_and_commits_what_it_writes():
    assert house_office() is not None
    assert User.objects.filter(username="desa-inan").exists()
    make_other_office()  # committed: no transaction is rolled back after this test


def test_after_a_flush_the_next_test_finds_the_house_again(django_db_setup, django_db_blocker):
    # No django_db mark: pytest-django orders this test after the transactional ones, and it
    # reads the committed state itself (no transaction of its own).
    with django_db_blocker.unblock():
        office = house_office()
        assert office is not None and office.villages.count() == 16
        assert User.objects.filter(username__in=["camat", "pmd", "desa-inan"]).count() == 3
        assert not Office.objects.filter(region__code="63.11.06").exists()
        assert not User.objects.filter(username="camat-paringin").exists()
