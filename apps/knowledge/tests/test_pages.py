"""The pages around the articles: the case form's answers that may help, writing, seeding."""

import pytest

from apps.knowledge.models import Article
from apps.offices.services import office_setup

from .conftest import write


@pytest.mark.django_db
def test_the_case_form_asks_for_answers_as_the_village_types(client, users, library):
    client.force_login(users["desa-inan"])
    form = client.get("/permasalahan/baru/").text
    assert 'hx-get="/pustaka/saran/"' in form
    assert "input changed delay:500ms from:#id_title" in form
    assert "input changed delay:500ms from:#id_description" in form
    assert 'href="/pustaka/"' in form  # the page without JavaScript

    answer = client.get(
        "/pustaka/saran/",
        {"title": "Laporan APBDes", "description": "belum bisa menyusun laporan realisasi"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "Jawaban yang mungkin membantu" in answer.text
    assert "Jawaban laporan APBDes" in answer.text
    assert "<html" not in answer.text  # a fragment
    nothing = client.get("/pustaka/saran/", {"title": "zzzz"}, headers={"HX-Request": "true"})
    assert nothing.text.strip() == ""


@pytest.mark.django_db
def test_a_writer_creates_a_draft_then_publishes_it_and_the_villages_read_it(client, users, office):
    client.force_login(users["kesos"])
    values = {
        "kind": "sop",
        "title": "SOP penanganan balita stunting",
        "summary": "",
        "body": "## Langkah\n\n1. Data balita\n2. Rujuk ke puskesmas\n\n<script>x()</script>",
        "category": "",
        "visibility": "desa",
        "status": "draf",
    }
    created = client.post("/pustaka/baru/", values)
    article = Article.objects.get(title="SOP penanganan balita stunting")
    assert created.status_code == 302
    page = client.get(f"/pustaka/{article.pk}/").text
    assert "<h2>Langkah</h2>" in page and "<script>x()" not in page

    client.force_login(users["desa-inan"])
    assert client.get(f"/pustaka/{article.pk}/").status_code == 404  # a draft
    client.force_login(users["kesos"])
    client.post(f"/pustaka/{article.pk}/ubah/", {**values, "status": "terbit"})
    article.refresh_from_db()
    assert article.published_at is not None
    client.force_login(users["desa-inan"])
    assert client.get(f"/pustaka/{article.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed(client, users):
    client.force_login(users["pmd"])
    page = client.post(
        "/pustaka/baru/",
        {"kind": "sop", "title": "", "body": "Teks panjang yang tidak boleh hilang.",
         "visibility": "desa", "status": "draf"},
    )  # fmt: skip
    assert page.status_code == 200
    assert "Teks panjang yang tidak boleh hilang." in page.text


@pytest.mark.django_db
def test_setting_an_office_up_again_seeds_nothing_twice(office):
    before = Article.objects.filter(office=office).count()
    write("camat", title="SOP Koordinasi versi kantor")
    office_setup(region=office.region)
    assert Article.objects.filter(office=office).count() == before + 1
    sop = Article.objects.get(office=office, seed_key="sop-ruko")
    assert sop.status == "terbit" and sop.visibility == "publik"
    assert "Verifikasi" in sop.body and "Disposisi" in sop.body


@pytest.mark.django_db
@pytest.mark.parametrize("username", [None, "desa-inan", "camat"])
def test_the_list_runs_the_same_number_of_queries_with_more_articles(
    client, users, library, username
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if username:
        client.force_login(users[username])
    client.get("/pustaka/")  # the first page after the login renews the session: not counted
    with CaptureQueriesContext(connection) as few:
        client.get("/pustaka/")
    for n in range(15):
        write("pmd", title=f"Artikel tambahan {n}", visibility="publik")
    with CaptureQueriesContext(connection) as many:
        client.get("/pustaka/")
    assert len(many) == len(few)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_an_attached_file_reaches_only_those_who_read_the_article(client, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["sekcam"])
    values = {"kind": "templat_surat", "title": "Templat internal", "summary": "",
              "body": "Lihat lampiran.", "category": "", "visibility": "staf",
              "status": "terbit"}  # fmt: skip
    client.post("/pustaka/baru/", {**values, "files": SimpleUploadedFile("templat.pdf", PDF)})
    article = Article.objects.get(title="Templat internal")
    item = article.files.get()
    url = f"/pustaka/{article.pk}/berkas/{item.token}/"
    assert url in client.get(f"/pustaka/{article.pk}/").text
    assert client.get(url).status_code == 200
    client.force_login(users["desa-inan"])
    assert client.get(url).status_code == 404
    client.force_login(users["sekcam"])
    client.post(f"/pustaka/{article.pk}/ubah/", {**values, "remove_files": [item.pk]})
    assert not article.files.exists()
