"""Who reads which article, on the list, the article page and the search, for every role."""

import pytest

from apps.knowledge import selectors
from apps.knowledge.models import Article
from tests_support.factories import membership_of

SEEDED = {"sop-ruko", "perbup-72-2021", "uu-6-2014", "templat-permohonan"}

# What each person reads of the library (conftest.library) beside the seeded articles.
READS = {
    None: {"public", "other_public"},
    "desa-inan": {"public", "villages", "other_public"},
    "pmd": {"public", "villages", "staff", "draft", "other_public"},
    "sekcam": {"public", "villages", "staff", "draft", "other_public"},
    "camat": {"public", "villages", "staff", "draft", "other_public"},
    "kabupaten": {"public", "villages", "staff", "other_public", "other_villages"},
    "desa-lasung-batu": {"public", "other_public", "other_villages"},
}
ALL = {"public", "villages", "staff", "draft", "other_villages", "other_public"}


def client_as(client, users, username):
    from apps.accounts.models import User

    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(READS))
def test_each_role_lists_opens_and_finds_only_what_it_may_read(client, users, library, username):
    client = client_as(client, users, username)
    listed = client.get("/pustaka/").text
    for key in ALL:
        article = library[key]
        page = client.get(f"/pustaka/{article.pk}/")
        found = client.get("/pustaka/", {"q": article.title.split()[1]}).text
        if key in READS[username]:
            assert article.title in listed, key
            assert page.status_code == 200, key
            assert article.title in found, key
        else:
            assert article.title not in listed, key
            assert page.status_code == 404, key
            assert article.title not in found, key


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(READS))
def test_the_seeded_public_articles_reach_everyone_the_staff_template_only_staff(
    client, users, library, username
):
    client = client_as(client, users, username)
    membership = membership_of(username) if username else None
    office = membership.office if membership and membership.office else library["public"].office
    seeded = {a.seed_key: a for a in Article.objects.filter(office=office).exclude(seed_key="")}
    assert set(seeded) == SEEDED | {"templat-undangan-rakor"}
    for key, article in seeded.items():
        status = client.get(f"/pustaka/{article.pk}/").status_code
        if article.visibility == "publik":
            assert status == 200, key
        elif article.visibility == "desa":
            assert status == (404 if username is None else 200), key
        else:
            staff = username in ("pmd", "sekcam", "camat", "kabupaten")
            assert status == (200 if staff else 404), key


@pytest.mark.django_db
def test_a_village_never_opens_another_offices_village_article_by_its_number(
    client, users, library
):
    client.force_login(users["desa-inan"])
    assert client.get(f"/pustaka/{library['other_villages'].pk}/").status_code == 404
    assert client.get(f"/pustaka/{library['other_villages'].pk}/ubah/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username,can",
    [(None, False), ("desa-inan", False), ("kabupaten", False), ("pmd", True),
     ("sekcam", True), ("camat", True)],
)  # fmt: skip
def test_only_the_offices_staff_write(client, users, library, username, can):
    client = client_as(client, users, username)
    create = client.get("/pustaka/baru/")
    edit = client.get(f"/pustaka/{library['villages'].pk}/ubah/")
    if can:
        assert create.status_code == edit.status_code == 200
    else:
        assert create.status_code in (302, 404)
        assert edit.status_code in (302, 404)


@pytest.mark.django_db
def test_the_staff_of_another_office_cannot_edit_this_offices_public_article(
    client, users, library
):
    client = client_as(client, users, "camat-paringin")
    assert client.get(f"/pustaka/{library['public'].pk}/").status_code == 200
    assert client.get(f"/pustaka/{library['public'].pk}/ubah/").status_code == 404


@pytest.mark.django_db
def test_suggestions_show_only_what_the_village_may_read(library):
    inan = membership_of("desa-inan")
    titles = [
        a.title
        for a in selectors.suggestions_for(
            membership=inan, text="laporan APBDes disposisi musyawarah bumdes stunting"
        )
    ]
    assert "Jawaban laporan APBDes" in titles
    assert "Panduan posyandu publik" in titles
    assert "Catatan internal disposisi" not in titles
    assert "Draf panduan musdes" not in titles
    assert "Paringin untuk desa" not in titles
    assert len(titles) <= selectors.SUGGESTIONS
