import pytest
from django.conf import settings
from django.db import DatabaseError


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_indonesian_is_the_default_even_for_an_english_browser(client):
    response = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.text
    assert "Masuk" in response.text
    assert "Log in" not in response.text


@pytest.mark.django_db
def test_the_language_switch_turns_the_pages_into_english_and_back(client):
    response = client.post("/bahasa/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/masuk/")
    assert page["Content-Language"] == "en"
    assert "Log in" in page.text
    client.post("/bahasa/", {"language": "id", "next": "/"})
    assert "Masuk" in client.get("/masuk/").text
