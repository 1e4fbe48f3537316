"""Demo accounts for Kecamatan Paringin Selatan (only with RUKO_DEMO=1).

The names are invented but plausible for Balangan; every account's password is `rukodemo`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.offices.models import Office, VillageKind
from apps.offices.services import masterdata_save
from apps.regions.models import Region

from . import services
from .models import Role, User
from .registry import DEMO_SEEDERS

DEMO_PASSWORD = "rukodemo"
DEMO_DOMAIN = "demo.rukoparsel.test"

OFFICE_PROFILE = {
    "head_name": "Drs. H. Muhammad Rizali, M.Si.",
    "head_rank": "Pembina Tingkat I (IV/b)",
    "head_nip": "197503121998031005",
    "phone": "0526 2028 100",
    "email": f"kecamatan@{DEMO_DOMAIN}",
}

STAFF = [
    # username, full name, role, section short name, position
    ("camat", "Drs. H. Muhammad Rizali, M.Si.", Role.HEAD, None, "Camat"),
    ("sekcam", "Hj. Siti Rahmah, S.Sos.", Role.SECRETARY, None, "Sekretaris Camat"),
    ("pem", "Ahmad Fauzi, S.IP.", Role.OFFICER, "PEM", "Kepala Seksi Pemerintahan"),
    ("pmd", "Noor Aisyah, S.E.", Role.OFFICER, "PMD", "Kepala Seksi PMD"),
    ("trantib", "Rudi Hartono, S.H.", Role.OFFICER, "TRANTIB", "Kepala Seksi Trantib"),
    ("kesos", "Dewi Lestari, S.K.M.", Role.OFFICER, "KESOS", "Kepala Seksi Kesos"),
    ("pelayanan", "M. Arifin, A.Md.", Role.OFFICER, "PELAYANAN", "Kepala Seksi Pelayanan Umum"),
]

INSPECTOR = ("kabupaten", "Ir. Hendra Saputra, M.T.", "63.11", "Inspektur Pembantu Wilayah")

# One official per village, by Kemendagri code.
VILLAGE_OFFICIALS = {
    "63.11.07.1001": ("H. Syahrani, S.Sos.", "Lurah"),
    "63.11.07.2002": ("Abdul Hadi", "Kepala Desa"),
    "63.11.07.2003": ("Rahmadi", "Kepala Desa"),
    "63.11.07.2004": ("Muhammad Yusuf", "Kepala Desa"),
    "63.11.07.2005": ("Fitriani", "Sekretaris Desa"),
    "63.11.07.2006": ("Ahmad Jaini", "Kepala Desa"),
    "63.11.07.2007": ("Norhayati", "Operator Desa"),
    "63.11.07.2008": ("Saipul Anwar", "Kepala Desa"),
    "63.11.07.2009": ("Mahmudah", "Sekretaris Desa"),
    "63.11.07.2010": ("Basri", "Kepala Desa"),
    "63.11.07.2011": ("Zainal Arifin", "Kepala Desa"),
    "63.11.07.2012": ("Rusdiansyah", "Operator Desa"),
    "63.11.07.2013": ("Hairul Saleh", "Kepala Desa"),
    "63.11.07.2014": ("Siti Maisarah", "Sekretaris Desa"),
    "63.11.07.2015": ("Jamaludin", "Kepala Desa"),
    "63.11.07.2016": ("Nurul Hidayah", "Kepala Desa"),
}


def village_username(village) -> str:
    prefix = "kel" if village.kind == VillageKind.KELURAHAN else "desa"
    return f"{prefix}-{village.slug}"


def _ensure_user(*, username, office, **kwargs) -> bool:
    if User.objects.filter(username=username).exists():
        return False
    services.user_create(
        acting=None,
        office=office,
        username=username,
        email=f"{username}@{DEMO_DOMAIN}",
        password=DEMO_PASSWORD,
        **kwargs,
    )
    return True


@transaction.atomic
def demo_seed(*, office: Office, with_domains: bool = True) -> int:
    """Create the demo accounts that do not exist yet; returns how many were created. With
    `with_domains`, the domain apps then add their demo data (`accounts.registry`)."""
    if not settings.RUKO_DEMO:
        raise DomainError(_("Demo data is only created when RUKO_DEMO=1."))
    created = 0
    for field, value in OFFICE_PROFILE.items():
        if not getattr(office, field):
            masterdata_save(actor=None, office=office, instance=office, values={field: value})
    sections = {s.short_name: s for s in office.sections.all()}
    for username, full_name, role, section, position in STAFF:
        created += _ensure_user(
            username=username,
            office=office,
            full_name=full_name,
            role=role,
            section=sections.get(section),
            position=position,
        )
    username, full_name, regency_code, position = INSPECTOR
    if not User.objects.filter(username=username).exists():
        services.user_create(
            acting=None,
            office=None,
            username=username,
            full_name=full_name,
            email=f"{username}@{DEMO_DOMAIN}",
            password=DEMO_PASSWORD,
            role=Role.INSPECTOR,
            regency=Region.objects.get(code=regency_code),
            position=position,
        )
        created += 1
    for village in office.villages.select_related("region"):
        full_name, position = VILLAGE_OFFICIALS.get(
            village.region.code, (f"Operator {village.name}", "Operator Desa")
        )
        if not village.head_name and position in ("Kepala Desa", "Lurah"):
            masterdata_save(
                actor=None, office=office, instance=village, values={"head_name": full_name}
            )
        created += _ensure_user(
            username=village_username(village),
            office=office,
            full_name=full_name,
            role=Role.VILLAGE,
            village=village,
            position=position,
        )
    if with_domains:
        for seed in DEMO_SEEDERS:
            seed(office=office)
    return created


def demo_logins(office: Office) -> list[tuple[str, str]]:
    """(username, what it is) for the `make run` banner."""
    rows = [(u, f"{p}") for u, _n, _r, _s, p in STAFF]
    rows.append((INSPECTOR[0], f"{INSPECTOR[3]} (Kabupaten Balangan)"))
    for village in office.villages.order_by("kind", "name"):
        rows.append((village_username(village), str(village)))
    return rows
