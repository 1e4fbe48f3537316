"""Each office has its own tracking-number prefix, so numbers are unique in the installation
and still short to read out over the phone."""

import importlib

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.offices.models import Office, case_prefix_from_name
from apps.offices.services import office_setup
from apps.regions.models import Region, RegionLevel
from tests_support.factories import RegionFactory

# The eight kecamatan of Kabupaten Balangan, and names that test the edges.
NAMES = {
    "Paringin Selatan": "PRS",
    "Kecamatan Paringin Selatan": "PRS",
    "Paringin": "PRN",
    "Juai": "JUA",
    "Halong": "HLN",
    "Awayan": "AWY",
    "Batu Mandi": "BTM",
    "Lampihong": "LMP",
    "Tebing Tinggi": "TBT",
    "Sungai Raya Utara": "SRU",
    "2 X 11 Enam Lingkung": "XEL",
    "Ülu": "ULU",
    "X": "XKE",
    "": "KEC",
}


@pytest.mark.parametrize(("name", "prefix"), NAMES.items())
def test_the_prefix_is_made_from_the_name(name, prefix):
    assert case_prefix_from_name(name) == prefix


@pytest.mark.parametrize("name", NAMES)
def test_the_migration_derives_prefixes_as_setup_does(name):
    migration = importlib.import_module("apps.offices.migrations.0006_office_case_prefix_fill")
    assert migration.prefix_from_name(name) == case_prefix_from_name(name)


@pytest.mark.django_db
def test_setup_gives_each_office_a_prefix_of_its_own(office, other_office):
    assert office.case_prefix == "PRS"
    assert other_office.case_prefix == "PRN"
    same_letters = RegionFactory(
        code="63.11.99",
        name="Pirasa",
        level=RegionLevel.DISTRICT,
        parent=Region.objects.get(code="63.11"),
    )
    assert office_setup(region=same_letters).case_prefix == "PRS2"


@pytest.mark.django_db
def test_the_office_makes_its_tracking_numbers(office):
    assert office.case_tracking_number(2026, 42) == "PRS-2026-00042"
    assert office.case_tracking_number(2027, 123456) == "PRS-2027-123456"


@pytest.mark.django_db
def test_the_database_refuses_an_empty_or_lowercase_prefix(office):
    for bad in ["", "prs"]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Office.objects.filter(pk=office.pk).update(case_prefix=bad)


def post_prefix(client, office, prefix):
    return client.post(
        reverse("dashboard:manage_office"),
        {"name": office.name, "letterhead": office.letterhead, "case_prefix": prefix},
    )


@pytest.mark.django_db
def test_the_camat_changes_the_prefix_in_the_office_profile(login, office, other_office):
    client = login("camat")
    assert 'name="case_prefix"' in client.get(reverse("dashboard:manage_office")).text
    for bad, error in [
        ("PRN", "Kantor lain sudah memakai awalan ini."),
        ("P-1", "Gunakan 2 sampai 12 huruf kapital atau angka"),
        ("1PS", "Gunakan 2 sampai 12 huruf kapital atau angka"),
    ]:
        response = post_prefix(client, office, bad)
        assert response.status_code == 200 and error in response.text, bad
    assert post_prefix(client, office, " prsl ").status_code == 302
    office.refresh_from_db()
    assert office.case_prefix == "PRSL"
    assert office.case_tracking_number(2026, 1) == "PRSL-2026-00001"


@pytest.mark.django_db
def test_a_prefix_on_another_offices_tracking_numbers_stays_taken(
    client, office, other_office, users
):
    from apps.accounts.models import Membership
    from apps.cases.services import case_submit

    village = Membership.objects.get(user=users["desa-inan"], office=office)
    case = case_submit(
        acting=village,
        category=office.categories.first(),
        urgency="sedang",
        title="Jalan desa rusak",
        description="Jalan desa rusak sepanjang 2 km.",
    ).case
    prefix = case.tracking_number.split("-")[0]
    client.force_login(users["camat-paringin"])
    response = post_prefix(client, other_office, prefix)
    assert response.status_code == 200
    assert "Nomor permasalahan kantor lain sudah diawali awalan ini." in response.text
    # The office whose numbers carry it may take it.
    client.force_login(users["camat"])
    assert post_prefix(client, office, prefix).status_code == 302
