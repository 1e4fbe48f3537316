import gzip
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.core.errors import DomainError
from apps.regions.models import Region, RegionLevel
from apps.regions.services import regions_import

DATA = Path(settings.BASE_DIR) / "data"


def write_csv(tmp_path, text, name="regions.csv"):
    path = tmp_path / name
    path.write_text("kode,nama,tingkat,kode_induk\n" + text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_balangan_file_has_8_kecamatan_and_paringin_selatan_has_15_desa_and_1_kelurahan():
    balangan = Region.objects.get(code="63.11")
    assert balangan.name == "Kabupaten Balangan"
    assert balangan.parent.name == "Kalimantan Selatan"
    districts = Region.objects.filter(parent=balangan, level=RegionLevel.DISTRICT)
    assert districts.count() == 8
    paringin_selatan = Region.objects.get(code="63.11.07")
    assert paringin_selatan.name == "Paringin Selatan"
    children = paringin_selatan.children
    assert children.filter(level=RegionLevel.VILLAGE).count() == 15
    urban = children.filter(level=RegionLevel.URBAN_VILLAGE)
    assert list(urban.values_list("name", flat=True)) == ["Batu Piring"]
    assert Region.objects.get(code="63.11.07.2003").name == "Inan"


@pytest.mark.django_db
def test_second_import_changes_nothing_and_duplicates_nothing():
    before = Region.objects.count()
    result = regions_import(path=DATA / "wilayah_balangan.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 26)
    assert Region.objects.count() == before


@pytest.mark.django_db
def test_import_updates_a_renamed_region_and_adds_a_new_one(tmp_path):
    path = write_csv(
        tmp_path,
        "63.11.07.2003,Inan Baru,desa,63.11.07\n63.11.07.2099,Desa Contoh,desa,63.11.07\n",
    )
    result = regions_import(path=path)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert Region.objects.get(code="63.11.07.2003").name == "Inan Baru"
    assert Region.objects.get(code="63.11.07.2099").parent.code == "63.11.07"


@pytest.mark.django_db
def test_import_reads_gzip_and_refuses_unknown_parents_and_levels(tmp_path):
    gz = tmp_path / "regions.csv.gz"
    gz.write_bytes(gzip.compress(b"kode,nama,tingkat,kode_induk\n98,Provinsi Uji,provinsi,\n"))
    assert regions_import(path=gz).created == 1

    orphan = write_csv(tmp_path, "77.01.01,Tanpa Induk,kecamatan,77.01\n", "orphan.csv")
    with pytest.raises(DomainError, match="77.01"):
        regions_import(path=orphan)
    assert not Region.objects.filter(code="77.01.01").exists()

    bad = write_csv(tmp_path, "98.01,Kota Uji,kota-madya,98\n", "bad.csv")
    with pytest.raises(DomainError, match="kota-madya"):
        regions_import(path=bad)

    wrong_columns = tmp_path / "wrong.csv"
    wrong_columns.write_text("code,name\n1,x\n")
    with pytest.raises(DomainError, match="kode"):
        regions_import(path=wrong_columns)


@pytest.mark.slow
@pytest.mark.django_db
def test_national_file_imports_every_level(capsys):
    """The whole country: 38 provinsi, 514 kabupaten/kota, 7,285 kecamatan, 83,762 villages.
    (Its timing is measured by `make bench`, not asserted here.)"""
    call_command("import_regions", DATA / "wilayah_indonesia.csv.gz")
    counts = {
        level: Region.objects.filter(level=level).count()
        for level in ("provinsi", "kabupaten", "kecamatan")
    }
    assert counts == {"provinsi": 38, "kabupaten": 514, "kecamatan": 7285}
    villages = Region.objects.filter(level__in=["desa", "kelurahan"]).count()
    assert villages == 83762
    assert "91599 rows" in capsys.readouterr().out
    # The Balangan rows were already there: matched by code, not duplicated.
    assert Region.objects.filter(code="63.11.07.2003").count() == 1
