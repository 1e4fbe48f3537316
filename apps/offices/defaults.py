"""The starting master data of a new kecamatan office (Balangan conventions).

These are data, not UI strings: the admin edits them per office after setup.
"""

SECTIONS = [
    # (short name, name, duties)
    ("SEKRE", "Sekretariat", "Umum, kepegawaian, keuangan dan perencanaan kantor kecamatan."),
    ("PEM", "Seksi Pemerintahan", "Pembinaan penyelenggaraan pemerintahan desa dan kelurahan."),
    (
        "PMD",
        "Seksi Pemberdayaan Masyarakat dan Desa",
        "Pemberdayaan masyarakat, kelembagaan dan keuangan desa.",
    ),
    (
        "TRANTIB",
        "Seksi Ketentraman dan Ketertiban Umum",
        "Ketentraman, ketertiban umum, kebencanaan dan kesiapsiagaan.",
    ),
    ("KESOS", "Seksi Kesejahteraan Sosial", "Kesejahteraan sosial, kesehatan dan stunting."),
    ("PELAYANAN", "Seksi Pelayanan Umum", "Pelayanan administrasi terpadu kecamatan."),
]

# The eleven problem areas of the RUKO PARSEL guide, each with its default section.
CATEGORIES = [
    (
        "Kapasitas aparatur desa",
        "PMD",
        "Kemampuan aparatur desa dalam teknologi informasi, manajemen dan pelayanan.",
    ),
    (
        "Sarana dan prasarana pemerintahan desa",
        "PEM",
        "Fasilitas kerja pemerintah desa yang belum memadai.",
    ),
    (
        "Badan Permusyawaratan Desa (BPD)",
        "PEM",
        "Peran BPD dalam menampung dan menyalurkan aspirasi masyarakat.",
    ),
    (
        "Lembaga kemasyarakatan desa",
        "PMD",
        "LPM, PKK, Karang Taruna dan lembaga kemasyarakatan lainnya.",
    ),
    ("Lembaga pendukung desa", "PMD", "Lembaga penunjang penyelenggaraan pemerintahan desa."),
    (
        "Keuangan desa",
        "PMD",
        "Administrasi dan pelaporan keuangan desa: APBDes dan laporan realisasi.",
    ),
    ("Data dan informasi desa", "PEM", "Data desa yang memadai sebagai dasar kebijakan."),
    (
        "Kebencanaan dan peringatan dini",
        "TRANTIB",
        "Kesiapsiagaan bencana dan sistem peringatan dini.",
    ),
    (
        "Program kelembagaan desa",
        "PMD",
        "Program lembaga yang normatif dan belum berbasis kebutuhan.",
    ),
    ("Stunting dan kesehatan", "KESOS", "Pencegahan dan penanganan stunting pada balita."),
    ("Gerakan pemberdayaan masyarakat", "PMD", "Gerakan pemberdayaan masyarakat yang masih lemah."),
]

AGENCIES = [
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DINKES", "Dinas Kesehatan"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BAPPELITBANGDA", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"),
    ("DINSOS", "Dinas Sosial"),
    ("INSPEKTORAT", "Inspektorat Daerah"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("DISTAN", "Dinas Pertanian"),
    ("DPPKBP3A", "Dinas Pengendalian Penduduk, KB, Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("SATPOL PP", "Satuan Polisi Pamong Praja dan Pemadam Kebakaran"),
]
