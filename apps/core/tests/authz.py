"""The engine of the authorization table (`authz_table.py`): the actors, the outcomes, how a
route's address is built from the world, and how one check is run.

Each check runs inside a savepoint that is rolled back, so a POST that deletes, logs out or
moves a case forward leaves the world as it was for the next check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- The actors: one person per kind of role, related to the world's objects ---------------
ANON = "anonymous"
VILLAGE = "desa-inan"  # an official of the objects' village (Inan)
VILLAGE_OTHER = "desa-bungin"  # an official of another village of the same office
VILLAGE_ELSEWHERE = "desa-lasung-batu"  # an official of a village of another kecamatan
OFFICER = "pmd"  # an officer of the objects' section (PMD)
ISSUER = "trantib"  # an officer of Trantib, the section that issues early warnings
OFFICER_OTHER = "pem"  # an officer of a section that has nothing to do with the objects
SECRETARY = "sekcam"
HEAD = "camat"
INSPECTOR = "kabupaten"  # the regency inspector (reads every office of Balangan)
FOREIGN = "camat-paringin"  # the camat of another kecamatan (Paringin)

ACTORS = (
    ANON,
    VILLAGE,
    VILLAGE_OTHER,
    VILLAGE_ELSEWHERE,
    OFFICER,
    ISSUER,
    OFFICER_OTHER,
    SECRETARY,
    HEAD,
    INSPECTOR,
    FOREIGN,
)

# --- Role classes -----------------------------------------------------------------------------
LEADERS = frozenset({SECRETARY, HEAD})
OFFICERS = frozenset({OFFICER, ISSUER, OFFICER_OTHER})
STAFF = LEADERS | OFFICERS  # the office of the objects
READERS = STAFF | {INSPECTOR}  # staff pages: the office and its regency inspector
VILLAGES_HERE = frozenset({VILLAGE, VILLAGE_OTHER})
VILLAGES = VILLAGES_HERE | {VILLAGE_ELSEWHERE}
SIGNED_IN = frozenset(ACTORS) - {ANON}
MEMBERS_ELSEWHERE = frozenset({VILLAGE_ELSEWHERE, FOREIGN})
EVERYONE = frozenset(ACTORS)

# --- Outcomes ---------------------------------------------------------------------------------
OK = "ok"  # 200, 201, 204, or a redirect that is not to a login page
LOGIN = "login"  # sent to the login page (pages) or 401/403 not_authenticated (API)
BAD = "400"  # past the rights check, the (empty) form is refused
DENY = "403"
HIDDEN = "404"  # the object (or the page) does not exist for this person
CONFLICT = "409"  # past the rights check, refused by the object's state
GONE = "405"
REFUSED = "refused"  # a form sent back to its page with a message, and nothing written

LOGIN_PATHS = ("/masuk/", "/django-admin/login/")


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        where = response.headers.get("Location", "")
        return LOGIN if where.split("?", 1)[0] in LOGIN_PATHS else OK
    if status == 401:
        return LOGIN
    if status == 403 and response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()  # GeoReport errors are a list: never "not authenticated"
        code = body.get("code") if isinstance(body, dict) else None
        if code in ("not_authenticated", "authentication_failed"):
            return LOGIN
    return {
        200: OK,
        201: OK,
        204: OK,
        304: OK,
        400: BAD,
        403: DENY,
        404: HIDDEN,
        405: GONE,
        409: CONFLICT,
    }.get(status, str(status))


@dataclass(frozen=True)
class Route:
    """What one route answers to each actor. `args` builds its address from the world:
    "key=case.tracking_number pk=follow_up token=evidence.token kind='seksi'" (an object
    alone means its pk). Actors not named in any set get `default` (404: the object is not
    theirs to know about); the anonymous visitor gets LOGIN unless named (`hidden` names
    those who get 404 where the anonymous visitor is not sent to log in).

    `api` is True for the REST API (a JSON body), OPEN311 for a GeoReport method: the
    signed-in actor sends a fresh `api_key` of their own (the session alone grants nothing
    there), the anonymous visitor none."""

    method: str = "GET"
    args: str = ""
    ok: frozenset = frozenset()
    deny: frozenset = frozenset()
    bad: frozenset = frozenset()
    conflict: frozenset = frozenset()
    refused: frozenset = frozenset()
    hidden: frozenset = frozenset()
    default: str = HIDDEN
    data: str = ""
    api: bool | str = False
    # A POST that succeeds writes an audit entry: a redirect without one is a refusal. Off
    # for the few that change nothing audited (logging out, the language, marking read).
    audited: bool = True

    def expected(self, actor: str) -> str:
        for result, actors in (
            (OK, self.ok),
            (DENY, self.deny),
            (BAD, self.bad),
            (CONFLICT, self.conflict),
            (REFUSED, self.refused),
            (HIDDEN, self.hidden),
        ):
            if actor in actors:
                return result
        return LOGIN if actor == ANON else self.default


def get(args: str = "", **expect) -> Route:
    return Route("GET", args, **_sets(expect))


def post(args: str = "", **expect) -> Route:
    return Route("POST", args, **_sets(expect))


def api(method: str, args: str = "", **expect) -> Route:
    return Route(method, args, api=True, **_sets(expect))


OPEN311 = "open311"


def open311(method: str, args: str = "", **expect) -> Route:
    """A GeoReport method called with the actor's own api_key (see `Route`)."""
    return Route(method, args, api=OPEN311, **_sets(expect))


SETS = ("ok", "deny", "bad", "conflict", "refused", "hidden")


def _sets(expect: dict) -> dict:
    return {key: frozenset(value) if key in SETS else value for key, value in expect.items()}


def _api_key(client) -> str:
    """A new api_key of the client's signed-in user ("" for the anonymous visitor), made
    inside the check's savepoint."""
    from importlib import import_module

    from django.conf import settings

    from apps.accounts.models import User
    from apps.api.services import api_token_create

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is None:
        return ""
    store = import_module(settings.SESSION_ENGINE).SessionStore(cookie.value)
    user_id = store.get("_auth_user_id")
    if user_id is None:
        return ""
    _token, secret = api_token_create(user=User.objects.get(pk=user_id), name="open311")
    return secret


ARG = re.compile(r"(\w+)=('[^']*'|[\w.]+)")


def kwargs_for(args: str, world) -> dict:
    kwargs = {}
    for name, expression in ARG.findall(args):
        if expression.startswith("'"):
            kwargs[name] = expression[1:-1]
            continue
        head, *rest = expression.split(".")
        value = world.objects[head]
        for attribute in rest:
            value = getattr(value, attribute)
        kwargs[name] = value if rest else getattr(value, "pk", value)
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in kwargs.items()}


# --- The routes of the URL configuration --------------------------------------------------------


def route_key(namespace: str, pattern: URLPattern, prefix: str) -> str:
    """A route's key in the table: its name with its namespace (`cases:detail`); a route
    without a name is keyed by its full pattern."""
    if pattern.name:
        return f"{namespace}:{pattern.name}" if namespace else pattern.name
    return prefix + str(pattern.pattern)


def all_routes(resolver=None, prefix: str = "", namespace: str = ""):
    """(key, full pattern, reverse name) of every route, walking included URL configurations."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from all_routes(entry, prefix + str(entry.pattern), inner)
        else:
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield route_key(namespace, entry, prefix), prefix + str(entry.pattern), name


def base_key(key: str) -> str:
    """`cases:action#dispose` → `cases:action`: a route may have several entries."""
    return key.split("#", 1)[0]


def address(key: str, route: Route, world, patterns: dict) -> str:
    kwargs = kwargs_for(route.args, world)
    name = patterns[base_key(key)]
    if name is not None:
        return reverse(name, kwargs=kwargs)
    # An unnamed route: fill its pattern's converters by hand.
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), base_key(key))
    return "/" + path


def check(
    client, method: str, url: str, data: dict, *, api: bool | str, audited: bool = True
) -> str:
    """One request inside a savepoint that is rolled back; the client's cookies are put back
    too (a logout would otherwise end the session for the next checks)."""
    from apps.offices.models import AuditLog

    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    savepoint = transaction.savepoint_create()
    try:
        written = AuditLog.objects.count()
        if api == OPEN311:
            key = _api_key(client)
            params = {**data, **({"api_key": key} if key else {})}
            send = client.get if method == "GET" else client.post
            response = send(url, params)
        elif api and method != "GET":
            response = client.generic(
                method, url, data=json.dumps(data), content_type="application/json"
            )
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data)
        result = outcome(response)
        if (
            method != "GET"
            and audited
            and result == OK
            and response.status_code in (301, 302, 303)
            and AuditLog.objects.count() == written
        ):
            result = REFUSED
        # Close a streamed answer (an export) as the test client would: without the
        # request_finished hook that closes a database connection left in a transaction
        # (on PostgreSQL it would really close the test's connection).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
    return result
