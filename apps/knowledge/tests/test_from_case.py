"""Publishing a resolved case's answer: the draft comes without personal data, the officer
confirms, and the link to the case stays with the staff."""

import pytest

from apps.cases import services as cases
from apps.knowledge.models import Article
from tests_support.factories import membership_of

DESCRIPTION = (
    "Pak Rahmadi (HP 0812-3456-7890, rahmadi@example.com, NIK 6311070101800001) minta "
    "pendampingan laporan realisasi APBDes semester I."
)


@pytest.fixture
def resolved_case(office):
    official = membership_of("desa-inan")
    case = cases.case_submit(
        acting=official,
        category=office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Pendampingan laporan APBDes",
        description=DESCRIPTION,
    ).case
    cases.case_verify(acting=membership_of("sekcam"), case=case)
    cases.case_dispose(
        acting=membership_of("camat"),
        case=case,
        section=office.sections.get(short_name="PMD"),
        instruction="Segera.",
    )
    officer = membership_of("pmd")
    cases.case_assign(acting=officer, case=case)
    cases.case_answer(
        acting=officer,
        case=case,
        response="Noor Aisyah akan mendampingi; hubungi +62 813 1111 2222.",
        solution="Gunakan format laporan realisasi dari DPMD.",
        follow_ups=[],
    )
    return cases.case_confirm(acting=official, case=case, rating=5)


@pytest.mark.django_db
def test_the_officer_publishes_the_answer_without_names_phones_nik_or_email(
    client, users, resolved_case
):
    client.force_login(users["pmd"])
    detail = client.get(f"/permasalahan/{resolved_case.pk}/")
    assert f"/pustaka/dari-permasalahan/{resolved_case.pk}/" in detail.text

    form = client.get(f"/pustaka/dari-permasalahan/{resolved_case.pk}/")
    assert form.status_code == 200
    fields = form.text.split('class="stack"', 1)[1]  # the form, not the page's header
    for personal in ("Rahmadi", "0812-3456-7890", "rahmadi@example.com", "6311070101800001",
                     "Noor Aisyah", "813 1111 2222"):  # fmt: skip
        assert personal not in fields, personal
    assert "[nama]" in fields and "[nomor telepon]" in fields
    assert "laporan realisasi APBDes semester I" in fields
    assert "format laporan realisasi dari DPMD" in fields

    values = {
        "title": "Pendampingan laporan APBDes",
        "summary": "",
        "body": "Pertanyaan tentang laporan realisasi; hubungi 0813-9999-8888.",
        "category": str(resolved_case.category_id),
        "visibility": "desa",
        "status": "terbit",
    }
    refused = client.post(f"/pustaka/dari-permasalahan/{resolved_case.pk}/", values)
    assert refused.status_code == 200
    assert "Pastikan Anda telah menghapus data pribadi" in refused.text
    assert "Pertanyaan tentang laporan realisasi" in refused.text  # nothing typed is lost
    assert not Article.objects.filter(case=resolved_case).exists()

    saved = client.post(
        f"/pustaka/dari-permasalahan/{resolved_case.pk}/",
        {**values, "personal_data_removed": "on"},
    )
    article = Article.objects.get(case=resolved_case)
    assert saved.status_code == 302
    assert "0813-9999-8888" not in article.body and "[nomor telepon]" in article.body
    assert article.kind == "jawaban"
    assert article.category_id == resolved_case.category_id
    page = client.get(f"/pustaka/{article.pk}/")
    assert resolved_case.tracking_number in page.text  # staff see where it came from


@pytest.mark.django_db
def test_villages_read_the_answer_but_never_reach_the_case(client, users, resolved_case):
    from apps.knowledge import services

    article = services.article_from_case(
        acting=membership_of("pmd"),
        case=resolved_case,
        values={"title": "Laporan APBDes", "summary": "", "body": "Jawaban.",
                "category": None, "visibility": "desa", "status": "terbit"},
        personal_data_removed=True,
    )  # fmt: skip
    for username in ("desa-inan", "desa-bungin"):
        client.force_login(users[username])
        page = client.get(f"/pustaka/{article.pk}/")
        assert page.status_code == 200
        assert resolved_case.tracking_number not in page.text
        assert f"/permasalahan/{resolved_case.pk}/" not in page.text
    assert client.get(f"/permasalahan/{resolved_case.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["desa-inan", "kabupaten"])
def test_only_staff_publish_a_case_answer(client, users, resolved_case, username):
    client.force_login(users[username])
    assert client.get(f"/pustaka/dari-permasalahan/{resolved_case.pk}/").status_code == 404
    assert (
        "/pustaka/dari-permasalahan/" not in client.get(f"/permasalahan/{resolved_case.pk}/").text
    )


@pytest.mark.django_db
def test_an_open_case_cannot_be_published(client, users, office):
    case = cases.case_submit(
        acting=membership_of("desa-inan"),
        category=office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title="Belum selesai",
        description="Masih diproses.",
    ).case
    client.force_login(users["pmd"])
    assert client.get(f"/pustaka/dari-permasalahan/{case.pk}/").status_code == 404
