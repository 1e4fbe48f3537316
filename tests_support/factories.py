"""factory_boy factories and builders. Builders go through the services, as the app does.

`make_house()` builds what every test starts from (once per test database, see conftest.py):
Balangan's regions, the office of Kecamatan Paringin Selatan and its people, with the
usernames the tests read (`camat`, `sekcam`, `pmd`, `kabupaten`, `desa-inan`…). It does not
use the demo (`apps.accounts.demo`): the demo may change its story without moving a test.
"""

from pathlib import Path

import factory
from django.conf import settings
from django.db import transaction

from apps.accounts import services as account_services
from apps.accounts.models import Role, User
from apps.offices.models import Office, VillageKind
from apps.offices.services import masterdata_save, office_setup
from apps.regions.models import Region, RegionLevel
from apps.regions.services import regions_import

BALANGAN_CSV = Path(settings.BASE_DIR) / "data" / "wilayah_balangan.csv"
PARINGIN_SELATAN = "63.11.07"
PASSWORD = "rahasia-kuat-123"  # every person the builders make has it
EMAIL_DOMAIN = "paringin-selatan.test"

# username, full name, role, section short name, position
STAFF = [
    ("camat", "Drs. H. Muhammad Rizali, M.Si.", Role.HEAD, None, "Camat"),
    ("sekcam", "Hj. Siti Rahmah, S.Sos.", Role.SECRETARY, None, "Sekretaris Camat"),
    ("pem", "Ahmad Fauzi, S.IP.", Role.OFFICER, "PEM", "Kepala Seksi Pemerintahan"),
    ("pmd", "Noor Aisyah, S.E.", Role.OFFICER, "PMD", "Kepala Seksi PMD"),
    ("trantib", "Rudi Hartono, S.H.", Role.OFFICER, "TRANTIB", "Kepala Seksi Trantib"),
    ("kesos", "Dewi Lestari, S.K.M.", Role.OFFICER, "KESOS", "Kepala Seksi Kesos"),
    ("pelayanan", "M. Arifin, A.Md.", Role.OFFICER, "PELAYANAN", "Kepala Seksi Pelayanan Umum"),
]

# One official per village of Paringin Selatan, by Kemendagri code: (full name, position).
# The village heads' names are also written on the village (its `head_name`).
VILLAGE_OFFICIALS = {
    "63.11.07.1001": ("H. Syahrani, S.Sos.", "Lurah"),
    "63.11.07.2002": ("Abdul Hadi", "Kepala Desa"),
    "63.11.07.2003": ("Rahmadi", "Kepala Desa"),  # Inan
    "63.11.07.2004": ("Muhammad Yusuf", "Kepala Desa"),
    "63.11.07.2005": ("Fitriani", "Sekretaris Desa"),
    "63.11.07.2006": ("Ahmad Jaini", "Kepala Desa"),
    "63.11.07.2007": ("Norhayati", "Operator Desa"),
    "63.11.07.2008": ("Saipul Anwar", "Kepala Desa"),
    "63.11.07.2009": ("Mahmudah", "Sekretaris Desa"),
    "63.11.07.2010": ("Basri", "Kepala Desa"),  # Bungin
    "63.11.07.2011": ("Zainal Arifin", "Kepala Desa"),
    "63.11.07.2012": ("Rusdiansyah", "Operator Desa"),
    "63.11.07.2013": ("Hairul Saleh", "Kepala Desa"),
    "63.11.07.2014": ("Siti Maisarah", "Sekretaris Desa"),
    "63.11.07.2015": ("Jamaludin", "Kepala Desa"),
    "63.11.07.2016": ("Nurul Hidayah", "Kepala Desa"),
}


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
    password = factory.django.Password(PASSWORD)


def make_person(*, office: Office | None, username: str, full_name: str, role: str, **scope):
    """One person with one role, through `user_create` as the platform (acting=None), with
    the address `<username>@paringin-selatan.test` and the password PASSWORD."""
    return account_services.user_create(
        acting=None,
        office=office,
        username=username,
        full_name=full_name,
        email=f"{username}@{EMAIL_DOMAIN}",
        password=PASSWORD,
        role=role,
        **scope,
    )


def village_username(village) -> str:
    prefix = "kel" if village.kind == VillageKind.KELURAHAN else "desa"
    return f"{prefix}-{village.slug}"


def make_village_official(village, *, full_name: str = "", position: str = "Kepala Desa"):
    """The official of a village (`desa-<slug>` or `kel-<slug>`); a head's name is also
    written on the village."""
    full_name = full_name or f"Kepala {village.name}"
    if position in ("Kepala Desa", "Lurah") and not village.head_name:
        masterdata_save(
            actor=None, office=village.office, instance=village, values={"head_name": full_name}
        )
    return make_person(
        office=village.office,
        username=village_username(village),
        full_name=full_name,
        role=Role.VILLAGE,
        village=village,
        position=position,
    )


def make_staff_and_villages(office: Office) -> None:
    """The camat, the secretary, one officer per section (`pem`, `pmd`, `trantib`, `kesos`,
    `pelayanan`) and one official per village of the office."""
    sections = {s.short_name: s for s in office.sections.all()}
    for username, full_name, role, section, position in STAFF:
        make_person(
            office=office,
            username=username,
            full_name=full_name,
            role=role,
            section=sections.get(section),
            position=position,
        )
    for village in office.villages.select_related("region", "office").order_by("region__code"):
        full_name, position = VILLAGE_OFFICIALS.get(village.region.code, ("", "Kepala Desa"))
        make_village_official(village, full_name=full_name, position=position)


def make_inspector(regency: Region, *, username: str = "kabupaten") -> User:
    """A regency inspector (pemantau kabupaten), who reads every office of the regency."""
    return make_person(
        office=None,
        username=username,
        full_name="Ir. Hendra Saputra, M.T.",
        role=Role.INSPECTOR,
        regency=regency,
        position="Inspektur Pembantu Wilayah",
    )


def house_office() -> Office | None:
    return Office.objects.filter(region__code=PARINGIN_SELATAN).first()


@transaction.atomic
def make_house() -> Office:
    """Balangan's regions, the office of Paringin Selatan (16 villages) with its staff and
    village officials, and the Balangan inspector `kabupaten`."""
    regions_import(path=BALANGAN_CSV)
    office = office_setup(region=Region.objects.get(code=PARINGIN_SELATAN))
    make_staff_and_villages(office)
    make_inspector(office.region.parent)
    return office


def ensure_house() -> Office:
    """The house, built when it is missing (a fresh test database, or one a transactional
    test has emptied)."""
    return house_office() or make_house()


def add_villages(office: Office, count: int, *, first: int = 90) -> list:
    """`count` more villages in the office (new regions that `office_setup` picks up, as
    after an import), each with its official (`desa-tambahan-90`…)."""
    codes = [f"{office.region.code}.20{n:02d}" for n in range(first, first + count)]
    for code in codes:
        RegionFactory(
            code=code,
            name=f"Tambahan {code[-2:]}",
            level=RegionLevel.VILLAGE,
            parent=office.region,
        )
    office_setup(region=office.region)
    villages = list(
        office.villages.select_related("office").filter(region__code__in=codes).order_by("pk")
    )
    for village in villages:
        make_village_official(village)
    return villages


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
        password=PASSWORD,
    )
    account_services.user_create(
        acting=None,
        office=office,
        username="desa-lasung-batu",
        full_name="Samsuri",
        role=Role.VILLAGE,
        village=office.villages.get(slug="lasung-batu"),
        password=PASSWORD,
    )
    return office


def membership_of(username: str):
    """The active membership of one of the house's people: `membership_of("desa-inan")`."""
    from apps.accounts.models import Membership

    return (
        Membership.objects.select_related("user", "office", "village", "section")
        .filter(user__username=username, is_active=True)
        .order_by("pk")
        .first()
    )


def make_answered_case(*, village: str = "desa-inan", follow_ups=(), title: str = ""):
    """A case of the village, verified, disposed to Seksi PMD, taken by `pmd` and answered
    with the given follow-ups (`FollowUpInput`s), through the case services."""
    from apps.cases import services as cases

    official = membership_of(village)
    office = official.office
    case = cases.case_submit(
        acting=official,
        category=office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title=title or "Pendampingan laporan APBDes",
        description="Kami butuh pendampingan laporan realisasi APBDes semester I.",
    ).case
    cases.case_verify(acting=membership_of("sekcam"), case=case)
    cases.case_dispose(
        acting=membership_of("camat"),
        case=case,
        section=office.sections.get(short_name="PMD"),
        instruction="Segera tindak lanjuti.",
    )
    officer = membership_of("pmd")
    cases.case_assign(acting=officer, case=case)
    return cases.case_answer(
        acting=officer,
        case=case,
        response="Kami jadwalkan pendampingan.",
        solution="Pendampingan hari Kamis.",
        follow_ups=list(follow_ups),
    )
