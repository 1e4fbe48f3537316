"""Authorization, exhaustively: every route of the URL configuration and every operation of
the OpenAPI document, for every kind of person, on the world's objects (`authz_table.py`).

One test builds the world once (tests_support/world.py) and runs every check, each inside a
savepoint rolled back after it; it reports every mismatch at once. Another fails for any
route or API operation without an entry in the table.
"""

import logging
import os
import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse

from apps.accounts.models import User

from .authz import (
    ACTORS,
    ANON,
    LOGIN,
    address,
    all_routes,
    base_key,
    check,
    kwargs_for,
)
from .authz_table import ROUTES

ADMIN = "admin:*"


def _clients():
    clients = {}
    for actor in ACTORS:
        client = Client()
        if actor != ANON:
            client.force_login(User.objects.get(username=actor))
        clients[actor] = client
    return clients


def _is_admin(key: str, pattern: str) -> bool:
    return key.startswith("admin:") or pattern.startswith("django-admin/")


def _admin_address(name: str | None, pattern: str) -> str:
    if name is None:  # the admin's unnamed redirects and its catch-all
        return "/" + re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)\$?", "1", pattern)
    groups = list(re.findall(r"\?P<(\w+)>", pattern)) + re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    kwargs = dict.fromkeys(groups, "1")
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name, kwargs={**kwargs, "app_label": "accounts"})


def test_every_route_and_api_operation_has_an_entry():
    """A route added later without a line in authz_table.ROUTES fails here."""
    declared = {base_key(key) for key in ROUTES}
    missing = [
        key
        for key, pattern, _name in all_routes()
        if key not in declared and not _is_admin(key, pattern)
    ]
    assert not missing, f"routes without an entry in apps/core/tests/authz_table.py: {missing}"
    stale = declared - {key for key, _p, _n in all_routes()} - {ADMIN}
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"


@pytest.mark.django_db
def test_every_api_operation_has_an_entry(client):
    schema = client.get(reverse("api:openapi")).json()
    by_route = {}
    for key, route in ROUTES.items():
        by_route.setdefault(base_key(key), set()).add(route.method)
    missing = []
    operations = 0
    for path, item in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        match = resolve(concrete)
        key = match.route if match.url_name is None else f"{match.namespace}:{match.url_name}"
        for method in item:
            if method.upper() not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                continue
            operations += 1
            if method.upper() not in by_route.get(key, set()):
                missing.append(f"{method.upper()} {path} ({key})")
    assert operations > 30
    assert not missing, f"API operations without an entry in authz_table.py: {missing}"


@pytest.fixture
def quiet_requests():
    """Thousands of refusals are the point here: not one log line each."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
def test_who_may_open_what(quiet_requests):
    from tests_support.world import make_world

    world = make_world()
    patterns = {key: name for key, _pattern, name in all_routes()}
    clients = _clients()
    mismatches, checks = [], 0
    show = os.environ.get("AUTHZ_PRINT")
    for key, route in ROUTES.items():
        if key == ADMIN:
            continue
        url = address(key, route, world, patterns)
        got_row = []
        for actor in ACTORS:
            got = check(
                clients[actor],
                route.method,
                url,
                kwargs_for(route.data, world),
                api=route.api,
                audited=route.audited,
            )
            checks += 1
            got_row.append(got)
            want = route.expected(actor)
            if got != want:
                mismatches.append(f"{key:45} {route.method:4} {actor:17} want {want:6} got {got}")
        if show:
            print(f"{key:45} {route.method:4} " + " ".join(f"{g:5}" for g in got_row))
    # The admin: every route, every person of the product is sent to its login.
    admin = ROUTES[ADMIN]
    for key, pattern, name in all_routes():
        if not _is_admin(key, pattern) or key in ROUTES:
            continue
        url = _admin_address(name, pattern)
        for actor in ACTORS:
            got = check(clients[actor], "GET", url, {}, api=False)
            checks += 1
            if got != admin.expected(actor) and got != LOGIN:
                mismatches.append(f"{key:45} GET  {actor:17} want login got {got}")
    print(f"authorization checks: {checks}")
    assert not mismatches, "\n" + "\n".join(mismatches)
    assert checks > 2000
