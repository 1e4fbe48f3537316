import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.errors import DomainError
from apps.offices.models import AuditLog, Category, Section
from apps.offices.services import masterdata_save, office_setup
from tests_support.images import image_bytes


@pytest.mark.django_db
def test_paringin_selatan_starts_with_the_default_master_data(office):
    assert office.name == "Kecamatan Paringin Selatan"
    assert office.letterhead.splitlines() == [
        "PEMERINTAH KABUPATEN BALANGAN",
        "KECAMATAN PARINGIN SELATAN",
    ]
    assert list(office.sections.values_list("short_name", flat=True)) == [
        "SEKRE",
        "PEM",
        "PMD",
        "TRANTIB",
        "KESOS",
        "PELAYANAN",
    ]
    assert office.categories.count() == 11
    stunting = office.categories.get(name="Stunting dan kesehatan")
    assert stunting.default_section.short_name == "KESOS"
    disaster = office.categories.get(name="Kebencanaan dan peringatan dini")
    assert disaster.default_section.short_name == "TRANTIB"
    assert office.agencies.count() == 15  # Diskominfo and the others a kecamatan forwards to
    assert office.agencies.filter(short_name="DISKOMINFO").exists()
    assert office.villages.filter(kind="desa").count() == 15
    assert office.villages.get(kind="kelurahan").name == "Batu Piring"


@pytest.mark.django_db
def test_setup_again_keeps_admin_edits_and_duplicates_nothing(office, users):
    pmd = office.sections.get(short_name="PMD")
    masterdata_save(
        actor=users["sekcam"], office=office, instance=pmd, values={"name": "Seksi PMD dan Ekonomi"}
    )
    counts = [
        office.sections.count(),
        office.categories.count(),
        office.agencies.count(),
        office.villages.count(),
    ]
    audit_before = AuditLog.objects.count()
    office_setup(region=office.region)
    assert [
        office.sections.count(),
        office.categories.count(),
        office.agencies.count(),
        office.villages.count(),
    ] == counts
    assert office.sections.get(short_name="PMD").name == "Seksi PMD dan Ekonomi"
    assert AuditLog.objects.count() == audit_before


@pytest.mark.django_db
def test_master_data_changes_record_only_what_changed(office, users):
    section = office.sections.get(short_name="KESOS")
    masterdata_save(
        actor=users["camat"],
        office=office,
        instance=section,
        values={"description": "Kesejahteraan sosial dan stunting", "order": 5},
    )
    entry = AuditLog.objects.filter(action="offices.section.updated").latest("id")
    assert entry.actor == users["camat"] and entry.office == office
    assert entry.new == {"description": "Kesejahteraan sosial dan stunting"}


@pytest.mark.django_db
def test_one_office_cannot_write_into_another(office, other_office, users):
    section = office.sections.first()
    with pytest.raises(DomainError):
        masterdata_save(
            actor=users["camat"],
            office=other_office,
            instance=section,
            values={"name": "Diambil alih"},
        )
    with pytest.raises(DomainError):
        masterdata_save(
            actor=users["camat"],
            office=other_office,
            instance=Category(),
            values={"name": "Kategori", "default_section": section},
        )


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["pem", "desa-inan", "kabupaten"])
def test_only_camat_and_secretary_reach_the_master_data_pages(login, office, username):
    client = login(username)
    section = office.sections.first()
    for url in [
        reverse("dashboard:manage_index"),
        reverse("dashboard:manage_office"),
        reverse("dashboard:masterdata_list", args=["seksi"]),
        reverse("dashboard:masterdata_edit", args=["seksi", section.pk]),
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_secretary_adds_a_category_routed_to_a_section(login, office):
    client = login("sekcam")
    pem = office.sections.get(short_name="PEM")
    assert client.get(reverse("dashboard:masterdata_list", args=["kategori"])).status_code == 200
    response = client.post(
        reverse("dashboard:masterdata_create", args=["kategori"]),
        {
            "name": "Batas wilayah desa",
            "default_section": pem.pk,
            "description": "",
            "order": 12,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    category = office.categories.get(name="Batas wilayah desa")
    assert category.default_section == pem
    assert AuditLog.objects.filter(
        action="offices.category.created", target_id=str(category.pk)
    ).exists()


@pytest.mark.django_db
def test_a_duplicate_name_is_refused_and_the_input_kept(login, office):
    client = login("sekcam")
    response = client.post(
        reverse("dashboard:masterdata_create", args=["seksi"]),
        {
            "name": "Seksi Pemerintahan",
            "short_name": "PEM2",
            "description": "Tugas baru",
            "order": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Tugas baru" in response.text
    assert "sudah memiliki seksi dengan nama ini" in response.text
    assert Section.objects.filter(office=office, name="Seksi Pemerintahan").count() == 1


@pytest.mark.django_db
def test_another_offices_record_is_a_404(client, office, other_office):
    from apps.accounts.models import User

    client.force_login(User.objects.get(username="camat-paringin"))
    section = office.sections.first()
    inan = office.villages.get(slug="inan")
    edit_section = reverse("dashboard:masterdata_edit", args=["seksi", section.pk])
    assert client.get(edit_section).status_code == 404
    assert (
        client.post(
            reverse("dashboard:masterdata_edit", args=["desa", inan.pk]), {"head_name": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("dashboard:masterdata_list", args=["nothing"])).status_code == 404


@pytest.mark.django_db
def test_office_profile_with_logo_and_a_bad_nip(login, office):
    client = login("camat")
    png = image_bytes("PNG")
    response = client.post(
        reverse("dashboard:manage_office"),
        {
            "name": office.name,
            "case_prefix": office.case_prefix,
            "address": "Jl. Contoh No. 1, Batu Piring",
            "phone": "",
            "email": "",
            "website": "",
            "letterhead": office.letterhead,
            "head_name": "Drs. H. Muhammad Rizali, M.Si.",
            "head_rank": "Pembina (IV/a)",
            "head_nip": "1975",
            "logo": SimpleUploadedFile("logo.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "18 digit" in response.text
    assert "Jl. Contoh No. 1, Batu Piring" in response.text
    response = client.post(
        reverse("dashboard:manage_office"),
        {
            "name": office.name,
            "case_prefix": office.case_prefix,
            "address": "Jl. Contoh No. 1, Batu Piring",
            "phone": "",
            "email": "",
            "website": "",
            "letterhead": office.letterhead,
            "head_name": "Drs. H. Muhammad Rizali, M.Si.",
            "head_rank": "Pembina (IV/a)",
            "head_nip": "197503121998031005",
            "logo": SimpleUploadedFile("logo.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.head_rank == "Pembina (IV/a)"
    logo = client.get(reverse("dashboard:office_logo", args=[office.slug]))
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    fake = client.post(
        reverse("dashboard:manage_office"),
        {
            "name": office.name,
            "case_prefix": office.case_prefix,
            "letterhead": office.letterhead,
            "logo": SimpleUploadedFile("logo.png", b"<script>", content_type="image/png"),
        },
    )
    assert "PNG atau JPEG" in fake.text


@pytest.mark.django_db
def test_a_disguised_logo_is_never_served_as_a_page(login, office, client, other_office):
    camat = login("camat")
    disguised = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    response = camat.post(
        reverse("dashboard:manage_office"),
        {
            "name": office.name,
            "case_prefix": office.case_prefix,
            "letterhead": office.letterhead,
            "logo": SimpleUploadedFile("logo.html", disguised, content_type="text/html"),
        },
    )
    # Not an image Pillow can draw: refused, nothing stored (it used to be kept and served
    # only as an attachment).
    assert response.status_code == 200
    assert "tidak dapat dibaca" in response.text
    office.refresh_from_db()
    assert not office.logo
    camat.post(
        reverse("dashboard:manage_office"),
        {
            "name": office.name,
            "case_prefix": office.case_prefix,
            "letterhead": office.letterhead,
            "logo": SimpleUploadedFile("logo.html", image_bytes("PNG"), content_type="text/html"),
        },
    )
    office.refresh_from_db()
    assert office.logo.name.endswith(".png")
    logo = camat.get(reverse("dashboard:office_logo", args=[office.slug]))
    assert logo["Content-Type"] == "image/png"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert logo["X-Content-Type-Options"] == "nosniff"
    # Another office's people, and visitors, do not get it.
    from apps.accounts.models import User

    client.force_login(User.objects.get(username="camat-paringin"))
    assert client.get(reverse("dashboard:office_logo", args=[office.slug])).status_code == 404
    client.logout()
    assert client.get(reverse("dashboard:office_logo", args=[office.slug])).status_code == 302
