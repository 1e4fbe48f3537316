"""The bulk set-up of many offices (`offices_setup_many`, used by `setup_office` for a whole
regency and by `seed_scale`) makes exactly what `office_setup` makes office by office: the
same offices, sections, categories, agencies, service levels, villages, the domains'
defaults (room, report obligations and figures, articles) and the same audit entries."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.offices.models import AuditLog, Office
from apps.offices.services import office_setup, offices_setup_many
from apps.regions.models import Region
from tests_support.reference import make_namesake_kecamatan, reference_built_by


@pytest.fixture
def twins(db):
    return make_namesake_kecamatan()


def test_many_offices_in_bulk_are_what_office_setup_makes(twins):
    regions = list(Region.objects.filter(code__in=twins).order_by("code"))

    def one_by_one():
        for region in regions:
            office_setup(region=region)

    real = reference_built_by(one_by_one, twins)
    bulk = reference_built_by(lambda: offices_setup_many(regions=regions), twins)
    assert set(real) == set(bulk)
    for label in real:
        assert real[label] == bulk[label], label
    # Everything office_setup makes is in the comparison, with its audit entries.
    for label in (
        "offices.office",
        "offices.section",
        "offices.category",
        "offices.agency",
        "offices.slarule",
        "offices.village",
        "meetings.room",
        "village_reports.obligationtype",
        "village_reports.figurespec",
        "knowledge.article",
    ):
        assert real[label].total() > 0, label
    assert real["offices.auditlog"].total() == sum(
        real[label].total() for label in real if label != "offices.auditlog"
    )


def test_the_bulk_path_picks_free_names_prefixes_and_village_slugs(twins):
    created = offices_setup_many(regions=Region.objects.filter(code__in=twins).order_by("code"))
    assert created == 2
    first, second = Office.objects.filter(region__code__in=twins).order_by("region__code")
    # The house's office is Paringin Selatan, PRS: these two come after it, in code order.
    assert (first.slug, first.case_prefix) == ("paringin-selatan-99-01-01", "PRS2")
    assert (second.slug, second.case_prefix) == ("paringin-selatan-99-02-01", "PRS3")
    assert sorted(first.villages.values_list("slug", "kind")) == [
        ("inan", "desa"),
        ("kota", "kelurahan"),
        ("kota-2002", "desa"),
    ]
    assert AuditLog.objects.filter(office=first, action="offices.village.created").count() == 3
    # A second run completes what exists and adds nothing twice.
    assert offices_setup_many(regions=Region.objects.filter(code__in=twins)) == 0
    assert first.villages.count() == 3
    assert first.sections.count() == 6


def test_a_kecamatan_with_two_villages_of_one_name_gets_both(twins):
    office = office_setup(region=Region.objects.get(code=twins[0]))
    assert dict(office.villages.values_list("region__code", "slug")) == {
        "99.01.01.1001": "kota",
        "99.01.01.2001": "inan",
        "99.01.01.2002": "kota-2002",
    }


def test_the_bulk_path_refuses_a_region_that_is_no_kecamatan(db):
    from apps.core.errors import DomainError

    with pytest.raises(DomainError):
        offices_setup_many(regions=[Region.objects.get(code="63.11")])


def test_setup_office_for_a_province_sets_every_kecamatan_up_in_bulk(twins):
    out = io.StringIO()
    call_command("setup_office", "99", stdout=out)
    text = out.getvalue()
    assert "2 kecamatan" in text
    assert "2 offices (2 new), 5 villages; tracking numbers PRS2, PRS3…" in text
    offices = Office.objects.filter(region__code__in=twins)
    assert [o.rooms.count() for o in offices] == [1, 1]
    # The regency of the house: its seven kecamatan without an office join it, the house's
    # own office is completed (nothing missing: nothing added).
    before = AuditLog.objects.filter(office__region__code="63.11.07").count()
    call_command("setup_office", "63.11", stdout=out)
    assert Office.objects.filter(region__code__startswith="63.11.").count() == 8
    assert AuditLog.objects.filter(office__region__code="63.11.07").count() == before


def test_setup_office_says_when_a_code_holds_no_kecamatan(twins):
    with pytest.raises(CommandError, match="99.01.01.2001"):
        call_command("setup_office", "99.01.01.2001", stdout=io.StringIO())
