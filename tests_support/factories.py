"""factory_boy factories and builders. Builders go through the services, as the app does."""

import factory

from apps.accounts import services as account_services
from apps.accounts.models import Role, User
from apps.offices.models import Office
from apps.offices.services import office_setup
from apps.regions.models import Region, RegionLevel


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99.{n:02d}")
    name = factory.Sequence(lambda n: f"Wilayah {n}")
    level = RegionLevel.PROVINCE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("rahasia-kuat-123")


def make_other_office() -> Office:
    """Kecamatan Paringin (63.11.06) with villages Lasung Batu and Paringin Kota, a camat
    and one village official."""
    paringin = Region.objects.get(code="63.11.06")
    RegionFactory(
        code="63.11.06.2001", name="Lasung Batu", level=RegionLevel.VILLAGE, parent=paringin
    )
    RegionFactory(
        code="63.11.06.1002", name="Paringin Kota", level=RegionLevel.URBAN_VILLAGE, parent=paringin
    )
    office = office_setup(region=paringin)
    account_services.user_create(
        acting=None,
        office=office,
        username="camat-paringin",
        full_name="Hj. Mariani",
        role=Role.HEAD,
        password="rahasia-kuat-123",
    )
    account_services.user_create(
        acting=None,
        office=office,
        username="desa-lasung-batu",
        full_name="Samsuri",
        role=Role.VILLAGE,
        village=office.villages.get(slug="lasung-batu"),
        password="rahasia-kuat-123",
    )
    return office
