"""Browsers get the product's own error pages, in Indonesian, inside the usual layout; the
API gets JSON for the same errors (see apps/api/tests/test_errors.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests_support.factories import PASSWORD, make_answered_case


def assert_page(response, status, text):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'class="topbar"' in page  # the layout of base.html
    assert text in page, page[:2000]
    return page


@pytest.mark.django_db
def test_an_unknown_page_is_the_indonesian_404():
    assert_page(Client().get("/tidak-ada/"), 404, "Halaman tidak ditemukan")


@pytest.mark.django_db
def test_a_bad_request_is_the_indonesian_400():
    response = Client().get("/", HTTP_HOST="evil.example")
    assert_page(response, 400, "Permintaan tidak dapat dipahami")


@pytest.mark.django_db
def test_too_many_files_on_a_page_keeps_the_page_not_django_english():
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n") for i in range(11)]
    response = Client().post("/masuk/", {"username": "x", "berkas": files})
    # The fields survive Django's file limit: the page comes back in Indonesian with the
    # form and what was typed (the case forms then name the limit themselves).
    assert response.status_code == 200 and 'value="x"' in response.text
    assert "Bad Request" not in response.text


@pytest.mark.django_db
def test_an_expired_form_is_the_indonesian_403():
    response = Client(enforce_csrf_checks=True).post("/masuk/", {"username": "x"})
    assert_page(response, 403, "kedaluwarsa")


@pytest.mark.django_db
def test_the_login_lockout_is_the_indonesian_429(settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": "camat", "password": "salah"})
    response = client.post("/masuk/", {"username": "camat", "password": "rukodemo"})
    assert_page(response, 429, "Terlalu banyak")
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_server_error_is_the_indonesian_500(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("apps.public.views.render", boom)  # the front page fails
    response = Client(raise_request_exception=False).get("/")
    page = assert_page(response, 500, "Terjadi kesalahan")
    assert "boom" not in page


@pytest.mark.django_db
def test_a_form_address_opened_as_a_page_is_the_indonesian_405(login):
    case = make_answered_case()
    client = login("desa-inan")
    response = client.get(reverse("cases:comment", args=[case.tracking_number]))
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert "tujuan sebuah formulir" in response.text
    # It links to the page the form lives on.
    assert f'href="{reverse("cases:detail", args=[case.tracking_number])}"' in response.text
    # The API keeps its JSON shape.
    api = client.delete(reverse("api:me"))
    assert api.status_code == 405
    assert api.json()["code"]


@pytest.mark.django_db
def test_a_login_whose_next_is_a_form_address_goes_to_the_object_page(client):
    case = make_answered_case()
    comment = reverse("cases:comment", args=[case.tracking_number])
    # The session expired while the comment was being written: the form's POST is sent to
    # the login with `next` = the comment's address.
    response = client.get(comment)
    assert response.status_code == 302 and "next=" in response.url
    login = client.post(response.url, {"username": "desa-inan", "password": PASSWORD}, follow=False)
    assert login.status_code == 302
    assert login.url == reverse("cases:detail", args=[case.tracking_number])
    # A `next` that is a page is kept.
    client.logout()
    page = reverse("cases:list")
    login = client.post(
        f"{reverse('accounts:login')}?next={page}",
        {"username": "desa-inan", "password": PASSWORD},
    )
    assert login.url == page


def test_every_post_only_route_is_recognised():
    """`routes.allows_get` reads Django's method decorators: the known form addresses are
    POST-only, the pages are not."""
    from apps.core.routes import path_allows_get

    assert not path_allows_get("/permasalahan/RUKO-2026-00001/aksi/verify/")
    assert not path_allows_get("/notifikasi/baca/")
    assert not path_allows_get(reverse("accounts:logout"))
    assert path_allows_get("/permasalahan/RUKO-2026-00001/")
    assert path_allows_get(reverse("accounts:login"))
