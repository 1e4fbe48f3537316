"""A living spread of demo cases for Paringin Selatan (RUKO_DEMO=1 only): every state of the
workflow, across the 16 villages, with Indonesian text from the eleven problem areas. Built
through the same services as real use, at back-dated times."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from apps.accounts.models import Membership
from apps.core import clock
from apps.follow_ups.models import FollowUpOwner
from apps.offices.models import Office

from . import selectors, services
from .models import Case

# village slug, category, urgency, title, description, final state, days ago
SCENARIOS = [
    (
        "inan",
        "Keuangan desa",
        "sedang",
        "Pendampingan laporan realisasi APBDes semester I",
        "Operator desa yang baru belum memahami format laporan realisasi APBDes semester I. "
        "Kami mohon pendampingan pengisian Siskeudes dan penyusunan laporan sebelum batas "
        "waktu penyampaian ke kabupaten.",
        "selesai",
        40,
    ),
    (
        "bungin",
        "Badan Permusyawaratan Desa (BPD)",
        "rendah",
        "BPD belum rutin mengadakan musyawarah",
        "Sejak awal tahun BPD baru sekali mengadakan rapat. Aspirasi warga tentang jalan usaha "
        "tani belum dibahas. Mohon pembinaan tata tertib dan jadwal rapat BPD.",
        "ditanggapi",
        12,
    ),
    (
        "murung-abuin",
        "Stunting dan kesehatan",
        "tinggi",
        "Kenaikan balita stunting di Posyandu Melati",
        "Data penimbangan bulan ini menunjukkan tujuh balita di bawah garis merah di Posyandu "
        "Melati. Kader posyandu membutuhkan pendampingan dan tambahan PMT untuk balita.",
        "diproses",
        14,
    ),
    (
        "tarangan",
        "Kebencanaan dan peringatan dini",
        "darurat",
        "Tanggul sungai retak setelah hujan deras",
        "Tanggul di RT 03 retak sepanjang sekitar 15 meter setelah hujan deras dua hari. Air "
        "sungai terus naik dan warga khawatir terjadi banjir. Mohon bantuan penanganan segera.",
        "dirujuk",
        6,
    ),
    (
        "halubau",
        "Data dan informasi desa",
        "sedang",
        "Data kependudukan desa tidak sinkron dengan Disdukcapil",
        "Jumlah penduduk di profil desa berbeda sekitar 120 jiwa dari data Disdukcapil. Kami "
        "mohon arahan cara pemutakhiran data agar perencanaan desa tepat.",
        "diverifikasi",
        2,
    ),
    (
        "panggung",
        "Sarana dan prasarana pemerintahan desa",
        "rendah",
        "Komputer pelayanan kantor desa rusak",
        "Satu-satunya komputer untuk pelayanan surat di kantor desa rusak sejak minggu lalu. "
        "Pelayanan surat warga tertunda. Mohon arahan pengadaan melalui APBDes perubahan.",
        "didisposisi",
        3,
    ),
    (
        "lingsir",
        "Lembaga kemasyarakatan desa",
        "sedang",
        "Karang Taruna desa vakum dua tahun",
        "Pengurus Karang Taruna tidak aktif sejak dua tahun. Pemuda ingin membentuk pengurus "
        "baru. Mohon pendampingan musyawarah pembentukan dan penyusunan program kerja.",
        "diajukan",
        0,
    ),
    (
        "binjai",
        "Kapasitas aparatur desa",
        "sedang",
        "Pelatihan aplikasi pelayanan surat untuk perangkat desa",
        "Perangkat desa belum terbiasa memakai aplikasi pelayanan surat. Kami mohon pelatihan "
        "singkat di kantor kecamatan.",
        "dikembalikan",
        4,
    ),
    (
        "maradap",
        "Keuangan desa",
        "tinggi",
        "Permohonan pinjaman dana kecamatan untuk talangan gaji",
        "Penghasilan tetap perangkat desa belum dibayar dua bulan. Kami memohon kecamatan "
        "menalangi sementara.",
        "ditolak",
        9,
    ),
    (
        "telaga-purun",
        "Stunting dan kesehatan",
        "sedang",
        "Posyandu kekurangan alat ukur tinggi badan",
        "Posyandu Mawar hanya memiliki satu alat ukur panjang badan yang sudah rusak sehingga "
        "pengukuran balita tidak akurat. Mohon bantuan pengadaan atau pinjaman alat.",
        "dibuka_kembali",
        30,
    ),
    (
        "batu-piring",
        "Gerakan pemberdayaan masyarakat",
        "rendah",
        "Pelatihan pemasaran daring untuk UMKM anggota PKK",
        "Anggota PKK memproduksi kue tradisional namun pemasaran masih dari mulut ke mulut. "
        "Mohon fasilitasi pelatihan pemasaran daring.",
        "selesai",
        25,
    ),
    (
        "baruh-bahinu-luar",
        "Stunting dan kesehatan",
        "sedang",
        "Balita stunting di RT 02 perlu pendampingan posyandu",
        "Hasil penimbangan posyandu menunjukkan lima balita stunting di RT 02. Kader posyandu "
        "membutuhkan pendampingan gizi dan PMT untuk balita.",
        "diverifikasi",
        1,
    ),
    (
        "galumbang",
        "Program kelembagaan desa",
        "rendah",
        "Program LPM belum sesuai kebutuhan warga",
        "Program kerja LPM tahun ini disusun tanpa musyawarah dusun. Mohon pendampingan "
        "penyusunan program berbasis kebutuhan.",
        "diajukan",
        1,
    ),
    (
        "halubau-utara",
        "Data dan informasi desa",
        "sedang",
        "Pembuatan peta batas dusun",
        "Desa belum memiliki peta batas dusun yang disepakati. Mohon fasilitasi pemetaan "
        "partisipatif.",
        "selesai",
        35,
    ),
    (
        "murung-jambu",
        "Badan Permusyawaratan Desa (BPD)",
        "sedang",
        "Pengisian anggota BPD pengganti antar waktu",
        "Satu anggota BPD mengundurkan diri. Kami mohon arahan tata cara pengisian antar waktu.",
        "diproses",
        5,
    ),
    (
        "baruh-bahinu-dalam",
        "Lembaga pendukung desa",
        "sedang",
        "Pembentukan kelompok tani hutan",
        "Warga ingin membentuk kelompok tani hutan namun belum memahami syarat pendaftaran. "
        "Mohon pendampingan.",
        "ditanggapi",
        10,
    ),
]

SECTION_OFFICER = {"PEM": "pem", "PMD": "pmd", "TRANTIB": "trantib", "KESOS": "kesos"}
ORDER = ["diverifikasi", "didisposisi", "diproses", "ditanggapi", "selesai"]


def _as(username: str, office: Office) -> Membership:
    return Membership.objects.select_related("user", "office", "village", "section").get(
        user__username=username, office=office, is_active=True
    )


@transaction.atomic
def demo_cases_seed(*, office: Office) -> int:
    """Create the demo cases when the office has none yet; returns how many were made."""
    if Case.objects.filter(office=office).exists():
        return 0
    sekcam, camat = _as("sekcam", office), _as("camat", office)
    made = 0
    for slug, category_name, urgency, title, description, final, days_ago in SCENARIOS:
        village = office.villages.filter(slug=slug).first()
        category = office.categories.filter(name=category_name).first()
        if village is None or category is None:
            continue
        username = ("kel-" if village.kind == "kelurahan" else "desa-") + slug
        official = _as(username, office)
        officer = _as(SECTION_OFFICER.get(category.default_section.short_name, "pmd"), office)
        moment = clock.now() - timedelta(days=days_ago, hours=3)

        def at(hours, _start=moment):
            return clock.frozen(_start + timedelta(hours=hours))

        with at(0):
            case = services.case_submit(
                acting=official,
                category=category,
                urgency=urgency,
                title=title,
                description=description,
            ).case
        made += 1
        if final == "diajukan":
            continue
        if final == "dikembalikan":
            with at(5):
                services.case_return(
                    acting=sekcam,
                    case=case,
                    reason="Mohon lampirkan daftar nama perangkat yang akan "
                    "ikut pelatihan dan jadwal yang diusulkan.",
                )
            continue
        if final == "ditolak":
            with at(5):
                services.case_reject(
                    acting=sekcam,
                    case=case,
                    reason="Kecamatan tidak dapat menalangi penghasilan "
                    "tetap. Silakan koordinasikan penyaluran dengan "
                    "BPKAD; Seksi PMD siap mendampingi.",
                )
            continue
        with at(4):
            services.case_verify(acting=sekcam, case=case)
        if final == "diverifikasi":
            continue
        with at(20):
            services.case_dispose(
                acting=camat,
                case=case,
                section=category.default_section,
                instruction="Mohon ditindaklanjuti dan dilaporkan.",
            )
        if final == "didisposisi":
            continue
        with at(26):
            services.case_assign(acting=officer, case=case)
        if final == "diproses":
            continue
        if final == "dirujuk":
            with at(30):
                services.case_refer(
                    acting=officer,
                    case=case,
                    agency=office.agencies.get(short_name="BPBD"),
                    letter_number="300/045/Trantib/2026",
                    note="Dirujuk ke BPBD untuk penanganan darurat tanggul.",
                )
            continue
        with at(48):
            services.case_answer(
                acting=officer,
                case=case,
                response="Kecamatan telah menerima permasalahan ini dan menjadwalkan "
                "pendampingan langsung ke desa.",
                solution="Petugas seksi hadir ke desa untuk pendampingan dan menyerahkan "
                "panduan tertulis.",
                follow_ups=[
                    services.FollowUpInput(
                        action="Pendampingan langsung ke kantor desa",
                        owner_kind=FollowUpOwner.SECTION,
                        owner_section=case.section,
                        due_date=(moment + timedelta(days=7)).date(),
                    )
                ],
            )
        if final == "ditanggapi":
            continue
        follow_up = selectors.case_follow_ups(case=case).first()
        with at(72):
            services.follow_up_complete(
                acting=officer,
                follow_up=follow_up,
                note="Pendampingan telah dilaksanakan bersama perangkat desa.",
            )
        with at(80):
            services.case_confirm(
                acting=official,
                case=case,
                rating=5 if days_ago > 36 else 4,
                comment="Terima kasih, sangat membantu.",
            )
        if final == "dibuka_kembali":
            with at(24 * (days_ago - 2)):
                services.case_reopen(
                    acting=official,
                    case=case,
                    reason="Alat yang dipinjamkan ternyata juga rusak; "
                    "pengukuran masih belum akurat.",
                )
    services.cases_mark_overdue()
    # The demo's back-dated history stays in the app; its e-mail is never sent.
    from apps.accounts.demo import DEMO_DOMAIN
    from apps.notifications.services import outbox_discard

    outbox_discard(recipient_domain=DEMO_DOMAIN)
    return made
