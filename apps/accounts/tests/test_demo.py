import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.demo import demo_seed
from apps.accounts.models import Membership, User
from apps.core.errors import DomainError


@pytest.mark.django_db
def test_demo_accounts_exist_with_the_documented_names(demo_people, users):
    assert demo_people == 24  # 7 office staff, the regency inspector, 16 village officials
    expected = {
        "camat",
        "sekcam",
        "pem",
        "pmd",
        "trantib",
        "kesos",
        "pelayanan",
        "kabupaten",
        "desa-inan",
        "desa-bungin",
        "desa-baruh-bahinu-luar",
        "kel-batu-piring",
    }
    assert expected <= set(users)
    village_accounts = [u for u in users if u.startswith(("desa-", "kel-"))]
    assert len(village_accounts) == 16
    assert all(users[u].check_password("rukodemo") for u in expected)
    assert Membership.objects.get(user__username="kabupaten").regency.code == "63.11"
    assert Membership.objects.get(user__username="pmd").section.short_name == "PMD"
    assert users["camat"].full_name.startswith("Drs.")


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_more(office, demo_people):
    users, memberships = User.objects.count(), Membership.objects.count()
    assert demo_seed(office=office) == 0
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


@pytest.mark.django_db
def test_no_demo_data_without_ruko_demo(office, settings):
    settings.RUKO_DEMO = False
    with pytest.raises(DomainError):
        demo_seed(office=office)
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_production_settings_refuse_demo_mode(monkeypatch):
    import importlib

    monkeypatch.setenv("RUKO_DEMO", "1")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    production = importlib.import_module("config.settings.production")
    production = importlib.reload(production)
    assert production.RUKO_DEMO is False
    assert production.DEBUG is False
