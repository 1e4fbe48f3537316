"""The bulk set-up of many offices (`offices_setup_many`, used by `setup_office` for a whole
regency and by `seed_scale`) makes exactly what `office_setup` makes office by office: the
same offices, sections, categories, agencies, service levels, villages, the domains'
defaults (room, report obligations and figures, articles) and the same audit entries."""

import pytest
from django.db import transaction

from apps.offices.models import AuditLog, Office
from apps.offices.services import office_setup, offices_setup_many
from apps.regions.models import Region, RegionLevel
from tests_support.factories import RegionFactory
from tests_support.reference import offices_reference


class Rollback(Exception):
    pass


def built_by(build, codes):
    """The reference data `build()` leaves for the kecamatan `codes`, then rolled back."""
    try:
        with transaction.atomic():
            build()
            reference = offices_reference(
                Office.objects.filter(region__code__in=codes).select_related("region")
            )
            raise Rollback
    except Rollback:
        return reference


@pytest.fixture
def twins(db):
    """Two kecamatan named like the house's (Paringin Selatan) in two other regencies, one
    with a desa and a kelurahan of the same name (as 17 kecamatan of the national list)."""
    province = RegionFactory(code="99", name="Provinsi Uji", level=RegionLevel.PROVINCE)
    codes = []
    for n in (1, 2):
        regency = RegionFactory(
            code=f"99.0{n}", name=f"Kabupaten Uji {n}", level=RegionLevel.REGENCY, parent=province
        )
        district = RegionFactory(
            code=f"99.0{n}.01", name="Paringin Selatan", level=RegionLevel.DISTRICT, parent=regency
        )
        codes.append(district.code)
        villages = [
            ("2001", "Inan", RegionLevel.VILLAGE),
            ("1001", "Kota", RegionLevel.URBAN_VILLAGE),
        ]
        if n == 1:
            villages.append(("2002", "Kota", RegionLevel.VILLAGE))
        for suffix, name, level in villages:
            RegionFactory(code=f"{district.code}.{suffix}", name=name, level=level, parent=district)
    return codes


def test_many_offices_in_bulk_are_what_office_setup_makes(twins):
    regions = list(Region.objects.filter(code__in=twins).order_by("code"))

    def one_by_one():
        for region in regions:
            office_setup(region=region)

    real = built_by(one_by_one, twins)
    bulk = built_by(lambda: offices_setup_many(regions=regions), twins)
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
