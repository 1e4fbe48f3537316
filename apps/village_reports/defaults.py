"""The reporting obligations a new kecamatan office starts with (Balangan practice). These are
data, not UI strings: the admin edits them per office on the Kelola pages.

Stunting figures are aggregates per village and month: how many toddlers were measured and
how many of them are stunted, wasted or underweight, and how many pregnant women have
chronic energy deficiency (KEK). Never a child's name or identity.
"""

STUNTING = "stunting-bulanan"
MEASURED = "balita-diukur"
STUNTED = "balita-stunting"
WASTED = "balita-wasting"
UNDERWEIGHT = "balita-underweight"
PREGNANT_KEK = "ibu-hamil-kek"

# code, name, section, period, only period, deadline days, anchor, file required, legal note,
# figures: (code, name, unit, min, max, at most, required)
OBLIGATIONS = [
    (
        "realisasi-apbdes-semester-1",
        "Laporan Realisasi Pelaksanaan APBDes Semester I",
        "PMD",
        "semester",
        1,
        31,
        "akhir",
        True,
        "Permendagri No. 20 Tahun 2018 tentang Pengelolaan Keuangan Desa, Pasal 68: laporan "
        "pelaksanaan APBDes semester pertama disampaikan kepada Bupati melalui Camat paling "
        "lambat akhir bulan Juli tahun berjalan.",
        [
            ("realisasi-pendapatan", "Realisasi pendapatan", "Rp", 0, None, None, True),
            ("realisasi-belanja", "Realisasi belanja", "Rp", 0, None, None, True),
        ],
    ),
    (
        "realisasi-apbdes-akhir-tahun",
        "Laporan Pertanggungjawaban Realisasi APBDes Akhir Tahun",
        "PMD",
        "tahunan",
        None,
        31,
        "akhir",
        True,
        "Permendagri No. 20 Tahun 2018, Pasal 70: laporan pertanggungjawaban realisasi "
        "pelaksanaan APBDes disampaikan paling lambat 1 (satu) bulan setelah akhir tahun "
        "anggaran.",
        [
            ("realisasi-pendapatan", "Realisasi pendapatan", "Rp", 0, None, None, True),
            ("realisasi-belanja", "Realisasi belanja", "Rp", 0, None, None, True),
            ("silpa", "Sisa lebih pembiayaan anggaran (SiLPA)", "Rp", None, None, None, False),
        ],
    ),
    (
        "apbdes-ditetapkan",
        "APBDes yang Ditetapkan (Peraturan Desa tentang APBDes)",
        "PMD",
        "tahunan",
        None,
        30,
        "awal",
        True,
        "Permendagri No. 20 Tahun 2018: Peraturan Desa tentang APBDes ditetapkan paling lambat "
        "31 Desember tahun anggaran sebelumnya dan disampaikan kepada Bupati melalui Camat.",
        [("pagu-apbdes", "Pagu APBDes", "Rp", 0, None, None, True)],
    ),
    (
        "lppd-akhir-tahun",
        "Laporan Penyelenggaraan Pemerintahan Desa (LPPD) Akhir Tahun Anggaran",
        "PEM",
        "tahunan",
        None,
        90,
        "akhir",
        True,
        "PP No. 43 Tahun 2014 Pasal 48 dan Permendagri No. 46 Tahun 2016: LPPD akhir tahun "
        "anggaran disampaikan kepada Bupati melalui Camat paling lambat 3 (tiga) bulan setelah "
        "berakhirnya tahun anggaran.",
        [],
    ),
    (
        "kegiatan-bpd-triwulan",
        "Laporan Kegiatan BPD per Triwulan",
        "PEM",
        "triwulan",
        None,
        10,
        "akhir",
        True,
        "Permendagri No. 110 Tahun 2016 tentang Badan Permusyawaratan Desa: BPD melaporkan "
        "pelaksanaan tugas dan kegiatannya.",
        [
            ("musyawarah-bpd", "Musyawarah BPD yang diadakan", "kali", 0, 100, None, True),
            ("aspirasi-ditampung", "Aspirasi masyarakat yang ditampung", "aspirasi", 0, None, None,
             True),
        ],
    ),
    (
        STUNTING,
        "Data Stunting Bulanan (agregat desa)",
        "KESOS",
        "bulanan",
        None,
        10,
        "akhir",
        False,
        "Perpres No. 72 Tahun 2021 tentang Percepatan Penurunan Stunting. Hanya angka agregat "
        "desa dari penimbangan dan pengukuran posyandu; tidak ada nama atau identitas anak.",
        [
            (MEASURED, "Balita diukur", "anak", 0, 5000, None, True),
            (STUNTED, "Balita stunting", "anak", 0, 5000, MEASURED, True),
            (WASTED, "Balita wasting", "anak", 0, 5000, MEASURED, True),
            (UNDERWEIGHT, "Balita underweight", "anak", 0, 5000, MEASURED, True),
            (PREGNANT_KEK, "Ibu hamil KEK", "orang", 0, 1000, None, True),
        ],
    ),
]  # fmt: skip
