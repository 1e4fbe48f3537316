"""A few demo aspirations for Paringin Selatan (RUKO_DEMO=1 only), one in each state, built
through the same services as real use at back-dated times. The one turned into a case for
Desa Bungin is answered by Seksi PMD, so its tracking page shows the whole story."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from apps.accounts.models import Membership
from apps.cases import services as case_services
from apps.core import clock
from apps.offices.models import Office

from . import services
from .models import Aspiration

# village slug, category, title, text, anonymous, name, contact, final state, days ago
SCENARIOS = [
    ("inan", "Sarana dan prasarana pemerintahan desa", "Lampu jalan di depan sekolah padam",
     "Sudah dua minggu lampu jalan di depan SD padam, anak-anak pulang mengaji dalam gelap.",
     False, "Rahmah", "0812-5000-1111", "diterima", 1),
    ("panggung", "Stunting dan kesehatan", "Posyandu jarang buka",
     "Posyandu di RT 02 hanya buka sekali dalam tiga bulan terakhir. Mohon perhatian.",
     True, "", "", "ditelaah", 3),
    ("batu-piring", "Data dan informasi desa", "Cara mengurus data penduduk pindah datang",
     "Kami baru pindah dari kabupaten lain. Ke mana kami mengurus surat pindah datang?",
     False, "Fitriani", "", "dijawab", 9),
    ("bungin", "Lembaga kemasyarakatan desa", "Karang Taruna tidak aktif",
     "Karang Taruna desa tidak ada kegiatan sejak tahun lalu. Pemuda ingin ada pelatihan.",
     True, "", "", "ditindaklanjuti", 15),
    ("maradap", "Sarana dan prasarana pemerintahan desa", "Iklan jasa",
     "Kami menawarkan jasa pembuatan website murah.", False, "", "", "ditolak", 6),
]  # fmt: skip


def _as(username: str, office: Office) -> Membership:
    return Membership.objects.select_related("user", "office", "section").get(
        user__username=username, office=office, is_active=True
    )


@transaction.atomic
def demo_aspirations_seed(*, office: Office) -> int:
    """Create the demo aspirations when the office has none yet; returns how many."""
    if Aspiration.objects.filter(office=office).exists():
        return 0
    sekcam, pmd = _as("sekcam", office), _as("pmd", office)
    made = 0
    for slug, category_name, title, text, anonymous, name, contact, final, days in SCENARIOS:
        village = office.villages.filter(slug=slug).first()
        category = office.categories.filter(name=category_name).first()
        if village is None or category is None:
            continue
        start = clock.now() - timedelta(days=days, hours=2)

        def at(hours, _start=start):
            return clock.frozen(_start + timedelta(hours=hours))

        with at(0):
            aspiration = services.submit_aspiration(
                office=office, village=village, category=category, title=title, text=text,
                anonymous=anonymous, name=name, contact=contact,
            )  # fmt: skip
        made += 1
        if final == "diterima":
            continue
        with at(20):
            services.aspiration_review(acting=sekcam, aspiration=aspiration)
        with at(26):
            if final == "dijawab":
                services.aspiration_answer(
                    acting=sekcam,
                    aspiration=aspiration,
                    answer="Surat pindah datang diurus di Disdukcapil Balangan. Bawa surat "
                    "keterangan pindah dari daerah asal dan KK; kantor kecamatan dapat "
                    "membantu mengisi formulirnya setiap hari kerja.",
                )
            elif final == "ditolak":
                services.aspiration_reject(
                    acting=sekcam,
                    aspiration=aspiration,
                    reason="Pesan ini berisi penawaran jasa, bukan aspirasi tentang desa.",
                )
            elif final == "ditindaklanjuti":
                services.aspiration_make_case(
                    acting=sekcam, aspiration=aspiration, village=village, category=category
                )
        if final != "ditindaklanjuti":
            continue
        case = Aspiration.objects.get(pk=aspiration.pk).case
        with at(30):
            case_services.case_dispose(
                acting=sekcam,
                case=case,
                section=category.default_section,
                instruction="Mohon dibina bersama pemerintah desa.",
            )
        with at(50):
            case_services.case_answer(
                acting=pmd,
                case=case,
                response="Kecamatan akan mengadakan pembinaan Karang Taruna bersama "
                "pemerintah desa Bungin pada bulan depan.",
                solution="Desa menganggarkan pelatihan kepemudaan dalam APBDes perubahan.",
            )
    return made
