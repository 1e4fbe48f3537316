import pytest
from django.http import Http404

from apps.accounts import policy
from apps.accounts.models import Membership


def membership_of(username):
    return Membership.objects.select_related("office", "village", "regency").get(
        user__username=username
    )


@pytest.mark.django_db
def test_a_village_official_sees_only_their_own_village(office):
    inan = membership_of("desa-inan")
    assert list(policy.villages_for(inan).values_list("name", flat=True)) == ["Inan"]
    with pytest.raises(Http404):
        policy.village_get_for(inan, slug="bungin", office=office)
    assert policy.village_get_for(inan, slug="inan", office=office).name == "Inan"
    assert not policy.can_manage_office(inan, office)
    with pytest.raises(Http404):
        policy.office_get_for(inan, slug=office.slug)


@pytest.mark.django_db
def test_office_staff_see_all_16_villages_and_only_camat_and_secretary_manage(office):
    for username in ("camat", "sekcam", "pmd"):
        assert policy.villages_for(membership_of(username)).count() == 16
    assert policy.can_manage_office(membership_of("camat"), office)
    assert policy.can_manage_office(membership_of("sekcam"), office)
    assert not policy.can_manage_office(membership_of("pmd"), office)


@pytest.mark.django_db
def test_the_regency_inspector_reads_every_office_of_the_regency_and_manages_none(
    office, other_office
):
    inspector = membership_of("kabupaten")
    assert set(policy.offices_for(inspector)) == {office, other_office}
    assert policy.villages_for(inspector).count() == 18
    assert not policy.can_manage_office(inspector, office)


@pytest.mark.django_db
def test_one_office_never_sees_another_offices_villages(office, other_office):
    camat_paringin = Membership.objects.get(user__username="camat-paringin")
    assert set(policy.villages_for(camat_paringin).values_list("name", flat=True)) == {
        "Lasung Batu",
        "Paringin Kota",
    }
    with pytest.raises(Http404):
        policy.village_get_for(camat_paringin, slug="inan", office=office)
    with pytest.raises(Http404):
        policy.office_get_for(camat_paringin, slug=office.slug)
    assert not policy.can_manage_office(camat_paringin, office)
    assert policy.sections_for(camat_paringin).filter(office=office).count() == 0


@pytest.mark.django_db
def test_an_inspector_of_another_regency_sees_nothing_here(office):
    from apps.accounts.models import Role
    from apps.accounts.services import user_create
    from apps.regions.models import Region, RegionLevel
    from tests_support.factories import RegionFactory

    tabalong = RegionFactory(
        code="63.09",
        name="Kabupaten Tabalong",
        level=RegionLevel.REGENCY,
        parent=Region.objects.get(code="63"),
    )
    user = user_create(
        acting=None,
        office=None,
        username="pemantau-tabalong",
        full_name="Pemantau Tabalong",
        role=Role.INSPECTOR,
        regency=tabalong,
        password="Kuat-Sekali-2026",
    )
    inspector = user.memberships.get()
    assert policy.offices_for(inspector).count() == 0
    assert policy.villages_for(inspector).count() == 0
    with pytest.raises(Http404):
        policy.office_get_for(inspector, slug=office.slug)
