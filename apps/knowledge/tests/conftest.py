import pytest

from apps.knowledge import services
from apps.knowledge.models import Status, Visibility
from tests_support.factories import membership_of


def write(username, **values):
    """An article written through the service by one of the house's people."""
    acting = membership_of(username)
    data = {
        "kind": "sop",
        "title": "Artikel",
        "summary": "",
        "body": "Isi artikel.",
        "category": None,
        "visibility": Visibility.STAFF,
        "status": Status.PUBLISHED,
    }
    data.update(values)
    return services.article_save(acting=acting, values=data)


@pytest.fixture
def library(office, other_office):
    """One published article per visibility, a draft, and two of another office; each with
    a word of its own to search for."""
    return {
        "public": write("sekcam", title="Panduan posyandu publik", visibility="publik",
                        body="Cara melapor kasus stunting balita ke puskesmas."),
        "villages": write("pmd", title="Jawaban laporan APBDes", visibility="desa",
                          body="Laporan realisasi APBDes semester pertama disusun bersama."),
        "staff": write("camat", title="Catatan internal disposisi", visibility="staf",
                       body="Disposisi rahasia untuk seksi kesejahteraan."),
        "draft": write("pmd", title="Draf panduan musdes", visibility="publik",
                       status="draf", body="Musyawarah desa khusus belum final."),
        "other_villages": write("camat-paringin", title="Paringin untuk desa",
                                visibility="desa", body="Bumdes Paringin bersama."),
        "other_public": write("camat-paringin", title="Paringin publik", visibility="publik",
                              body="Pelayanan Paringin terbuka."),
    }  # fmt: skip
