"""The synthetic dataset of `make bench`: people for every role, cases numbered as the
services would number them, and the same data for the same seed."""

import io

import pytest
from django.core.management import call_command

from apps.accounts.models import Membership, Role
from apps.cases.models import Case, CaseCounter, Comment
from apps.offices.models import Office
from tests_support.reference import make_namesake_kecamatan, reference_built_by


def seed(*args, **options):
    if not args:
        options.setdefault("regency", "63.11")
    call_command("seed_scale", *args, stdout=io.StringIO(), **options)


@pytest.mark.django_db
def test_seed_scale_builds_a_regency_with_people_and_cases(office):
    before = Case.objects.count()
    seed(cases=120, seed=3)
    offices = Office.objects.filter(region__code__startswith="63.11.")
    assert offices.count() == 8  # every kecamatan of Balangan got its office
    assert Case.objects.count() == before + 120
    assert Case.objects.filter(office=office).count() >= 12  # the focus office's share
    for o in offices:
        assert Membership.objects.filter(office=o, role=Role.HEAD).exists()
    assert Membership.objects.filter(role=Role.VILLAGE, office=office).count() >= 16
    assert Membership.objects.filter(user__username="pemantau.63.11", role=Role.INSPECTOR).exists()
    assert Comment.objects.exists()
    # The counters continue where the numbers stop: the next case gets a free number.
    for counter in CaseCounter.objects.all():
        prefix = Office.objects.get(pk=counter.office_id).case_prefix
        numbers = Case.objects.filter(tracking_number__startswith=f"{prefix}-{counter.year}-")
        assert counter.last >= numbers.count()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_cases(office):
    seed(cases=40, seed=7)
    first = list(Case.objects.order_by("pk").values_list("tracking_number", "title", "status"))
    seed(cases=40, seed=7)  # a second run adds 40 more, numbered after the first
    rows = list(Case.objects.order_by("pk").values_list("tracking_number", "title", "status"))
    assert len(rows) == len(first) + 40
    assert len({r[0] for r in rows}) == len(rows)
    new = [r[1:] for r in rows[len(first) :]]
    assert new == [r[1:] for r in first[-40:]]  # same titles and states, new numbers


@pytest.mark.django_db
def test_offices_in_bulk_hold_what_the_real_set_up_gives_and_the_same_people():
    """The bulk path of the national dataset against `office_setup` one office at a time:
    the same offices, master data, defaults, audit entries, people and memberships."""
    codes = make_namesake_kecamatan()

    def run(*flags):
        return lambda: seed("--province", "99", "--cases", "0", "--seed", "5", *flags)

    real = reference_built_by(run("--one-by-one"), codes)
    bulk = reference_built_by(run(), codes)
    assert set(real) == set(bulk)
    for label in real:
        assert real[label] == bulk[label], label
    assert real["accounts.membership"].total() == 2 * 8 + 3 + 2 + 2  # staff, villages, inspectors
    assert real["accounts.user"].total() == real["accounts.membership"].total()
    assert real["offices.village"].total() == 5
