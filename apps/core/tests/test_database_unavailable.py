"""A request that loses the database answers 503 with Retry-After, in the API's error shape
or as the error page: never a stack trace, never a success."""

import pytest
from django.db import OperationalError

from apps.api import views as api_views
from apps.core.middleware import DatabaseUnavailableMiddleware


def _database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_the_api_answers_503_with_retry_after_when_the_database_is_gone(login, monkeypatch):
    client = login("desa-inan")
    monkeypatch.setattr(api_views.MeView, "get", _database_gone)
    response = client.get("/api/v1/me")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "unavailable"
    assert "server closed" not in response.content.decode()


def test_a_page_answers_503_with_retry_after_and_other_errors_pass_through(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = rf.get("/permasalahan/")
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert b"<html" in response.content.lower() or b"<!doctype" in response.content.lower()
    assert b"connection refused" not in response.content
    assert middleware.process_exception(request, ValueError("a bug")) is None


@pytest.mark.django_db
def test_a_logged_in_page_that_loses_the_database_before_its_view_answers_503(login, monkeypatch):
    """The membership middleware reads the database before any view runs: lost there, the
    person still gets the 503 with Retry-After, not a 500."""
    from apps.accounts import middleware as accounts_middleware

    client = login("desa-inan")
    client.raise_request_exception = False
    monkeypatch.setattr(accounts_middleware, "active_membership", _database_gone)
    response = client.get("/beranda/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert b"server closed" not in response.content
