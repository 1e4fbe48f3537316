"""What every office's knowledge base starts with (an `office_setup` hook): the RUKO PARSEL
coordination SOP written from the guide's stages, the legal basis, and letter templates.

The texts are in Indonesian, the language of the office's documents. The legal basis is
described, not quoted: the regulations themselves are attached by the office as PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Kind, Visibility


@dataclass(frozen=True)
class Seed:
    key: str
    kind: str
    title: str
    summary: str
    body: str
    visibility: str = Visibility.PUBLIC


SOP_RUKO = """\
## Tujuan

Prosedur ini mengatur cara desa dan kelurahan membawa permasalahan yang tidak dapat
diselesaikan sendiri ke kantor kecamatan melalui RUKO PARSEL (Rumah Koordinasi Paringin
Selatan), dan cara kecamatan menanggapi, menindaklanjuti, serta memantau hasilnya.

## Ruang lingkup

Permasalahan penyelenggaraan pemerintahan desa, pembangunan, pembinaan kemasyarakatan dan
pemberdayaan masyarakat desa, antara lain: kualitas pelayanan dan kapasitas aparatur,
sarana prasarana kerja, BPD, lembaga kemasyarakatan (LPM, PKK, Karang Taruna), administrasi
dan pelaporan keuangan desa (APBDes), data desa, kesiapsiagaan bencana, program lembaga,
stunting, dan gerakan pemberdayaan.

## Pihak yang terlibat

- **Perangkat desa/kelurahan**: mengajukan permasalahan dan mengikuti penyelesaiannya.
- **Sekretaris camat**: memverifikasi permasalahan yang masuk.
- **Camat**: memberikan disposisi kepada seksi yang menangani.
- **Kepala seksi dan petugas seksi**: menanggapi, memberi solusi, dan menindaklanjuti.
- **OPD/dinas kabupaten**: menerima rujukan bila penyelesaian di luar kewenangan kecamatan.

## Tahapan

1. **Pengajuan.** Desa menyampaikan permasalahan secara langsung di ruang RUKO PARSEL atau
   melalui aplikasi, dengan kategori, tingkat urgensi, uraian, dan lampiran pendukung. Desa
   menerima nomor registrasi untuk memantau perkembangannya.
2. **Verifikasi.** Sekretaris camat memeriksa kelengkapan permasalahan dalam batas waktu
   yang ditetapkan. Permasalahan yang belum lengkap dikembalikan kepada desa untuk
   dilengkapi (waktu layanan berhenti selama menunggu desa); permasalahan yang bukan
   kewenangan kecamatan ditolak dengan alasan yang jelas.
3. **Disposisi.** Camat meneruskan permasalahan kepada seksi yang bertanggung jawab dengan
   instruksi tertulis. Permasalahan yang sama dari beberapa desa dapat digabung menjadi satu
   isu bersama dan dijawab sekali.
4. **Penanganan dan tanggapan.** Petugas seksi menangani permasalahan dan memberikan
   tanggapan serta solusi kepada desa dalam batas hari kerja sesuai urgensinya. Bila perlu,
   kecamatan berkoordinasi atau merujuk permasalahan kepada OPD/dinas kabupaten dan mencatat
   hasil rujukannya.
5. **Tindak lanjut.** Setiap langkah yang disepakati dicatat sebagai tindak lanjut dengan
   penanggung jawab (kecamatan, desa, atau instansi lain) dan tanggal target, lalu dipantau
   sampai selesai.
6. **Konfirmasi dan penilaian.** Desa mengonfirmasi tanggapan dan memberi penilaian.
   Permasalahan yang tidak dikonfirmasi dalam jangka waktu yang ditetapkan ditutup otomatis;
   desa dapat membuka kembali permasalahan dalam batas waktu yang ditetapkan bila belum
   terselesaikan.
7. **Monitoring dan evaluasi.** Kecamatan memantau waktu tanggapan, kepatuhan batas waktu
   layanan, penyelesaian, dan kepuasan desa, serta menyusun laporan kegiatan berkala yang
   diketahui oleh Camat.

## Waktu layanan

Batas waktu dihitung dalam hari kerja, tidak termasuk hari libur nasional dan cuti bersama.
Permasalahan yang melewati batas waktu dilaporkan kepada Camat.

## Dokumentasi

Setiap perubahan status, tanggapan, dan tindak lanjut tercatat dalam riwayat permasalahan.
Jawaban yang baik dapat diterbitkan di pustaka tanpa data pribadi agar dapat digunakan
kembali oleh desa lain.
"""

LEGAL_PERBUP = """\
Peraturan Bupati Balangan Nomor 72 Tahun 2021 menjadi dasar kewenangan kecamatan di
Kabupaten Balangan dalam mengoordinasikan penyelenggaraan pemerintahan desa dan kelurahan
di wilayahnya. RUKO PARSEL adalah wujud koordinasi tersebut di {kecamatan}:
tempat desa membawa permasalahan yang tidak dapat diselesaikan sendiri kepada kecamatan.

Naskah lengkap peraturan dapat dilampirkan oleh kantor kecamatan pada halaman ini. Kutipan
pasal hanya diambil dari naskah resmi.
"""

LEGAL_UU_DESA = """\
Undang-Undang Nomor 6 Tahun 2014 tentang Desa mengatur kedudukan, kewenangan,
penyelenggaraan pemerintahan, keuangan dan aset, pembangunan desa, serta pembinaan dan
pengawasan desa, termasuk peran camat dalam pembinaan dan pengawasan penyelenggaraan
pemerintahan desa.

Naskah lengkap undang-undang dapat dilampirkan oleh kantor kecamatan pada halaman ini.
Kutipan pasal hanya diambil dari naskah resmi.
"""

TEMPLATE_REQUEST = """\
Gunakan templat ini bila desa menyampaikan permasalahan secara tertulis kepada Camat.

---

**KOP SURAT PEMERINTAH DESA**

Nomor: ....../....../......<br>
Lampiran: ...... berkas<br>
Perihal: Permohonan Fasilitasi Permasalahan

Kepada Yth.<br>
Camat ......<br>
di ......

Dengan hormat,

Bersama ini kami sampaikan permasalahan yang dihadapi Pemerintah Desa ...... sebagai
berikut:

1. Uraian permasalahan: ......
2. Sejak kapan: ......
3. Upaya yang telah dilakukan desa: ......
4. Bantuan yang diharapkan dari kecamatan: ......

Demikian permohonan ini kami sampaikan. Atas perhatian dan bantuannya kami ucapkan terima
kasih.

......, tanggal ......<br>
Kepala Desa ......

(tanda tangan dan cap)

**NAMA LENGKAP**
"""

TEMPLATE_INVITATION = """\
Gunakan templat ini untuk mengundang desa ke rapat koordinasi di ruang RUKO PARSEL.

---

**KOP SURAT KECAMATAN**

Nomor: ....../....../......<br>
Sifat: Penting<br>
Lampiran: -<br>
Perihal: Undangan Rapat Koordinasi

Kepada Yth.<br>
Kepala Desa/Lurah se-Kecamatan ......<br>
di tempat

Dengan hormat,

Dalam rangka koordinasi penyelesaian permasalahan desa, kami mengundang Saudara untuk hadir
pada:

- Hari/tanggal: ......
- Waktu: ......
- Tempat: Ruang RUKO PARSEL, Kantor Camat ......
- Acara: ......

Mengingat pentingnya acara tersebut, kehadiran Saudara sangat kami harapkan.

Camat ......

**NAMA LENGKAP**<br>
Pangkat/golongan<br>
NIP ......
"""

SEEDS = [
    Seed(
        "sop-ruko",
        Kind.SOP,
        "SOP Koordinasi Permasalahan Desa melalui RUKO PARSEL",
        "Tahapan pengajuan, verifikasi, disposisi, tanggapan, tindak lanjut, konfirmasi, "
        "serta monitoring dan evaluasi permasalahan desa di kecamatan.",
        SOP_RUKO,
    ),
    Seed(
        "perbup-72-2021",
        Kind.LEGAL,
        "Peraturan Bupati Balangan Nomor 72 Tahun 2021",
        "Dasar kewenangan kecamatan mengoordinasikan penyelenggaraan pemerintahan desa di "
        "Kabupaten Balangan.",
        LEGAL_PERBUP,
    ),
    Seed(
        "uu-6-2014",
        Kind.LEGAL,
        "Undang-Undang Nomor 6 Tahun 2014 tentang Desa",
        "Undang-undang yang mengatur desa, termasuk pembinaan dan pengawasan oleh camat.",
        LEGAL_UU_DESA,
    ),
    Seed(
        "templat-permohonan",
        Kind.TEMPLATE,
        "Templat surat permohonan fasilitasi permasalahan desa",
        "Surat desa kepada Camat untuk menyampaikan permasalahan secara tertulis.",
        TEMPLATE_REQUEST,
        Visibility.VILLAGES,
    ),
    Seed(
        "templat-undangan-rakor",
        Kind.TEMPLATE,
        "Templat surat undangan rapat koordinasi",
        "Undangan Camat kepada kepala desa dan lurah untuk rapat koordinasi di ruang RUKO.",
        TEMPLATE_INVITATION,
        Visibility.STAFF,
    ),
]


def knowledge_setup(*, office, actor=None) -> None:
    """Every office starts with the seeded articles, published (idempotent: an article
    already seeded, even if edited since, is left as it is)."""
    from .services import article_seed

    for seed in SEEDS:
        article_seed(office=office, seed=seed, actor=actor)


def knowledge_setup_many(*, offices, actor=None) -> None:
    """`knowledge_setup` for many new offices at once (the bulk set-up of offices)."""
    from .services import articles_seed_many

    articles_seed_many(offices=offices, seeds=SEEDS, actor=actor)


def seed_body(seed: Seed, office) -> str:
    return seed.body.replace("{kecamatan}", office.name)
