"""The main pages cost the same number of queries with 10 cases or 200, with one office or
five, and never pull rows into Python to count them; the list reads its two index-friendly
parts in exactly the order of the one-query list; the home's counts equal a recount."""

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Membership, Role
from apps.cases import selectors
from apps.cases.models import Case, Status
from apps.cases.workflow import AWAITING_ANSWER, OPEN_STATES, STATES, WITH_VILLAGE
from apps.core import clock
from apps.offices.models import Office
from apps.offices.services import office_setup
from apps.regions.models import Region, RegionLevel
from tests_support.factories import RegionFactory, membership_of

STATUSES = list(Status)


def grow(office, count, *, start=0):
    """`count` cases of the office in every state, one in five overdue, two in three from
    the first village (Inan: its official's groups are never empty), the rest spread over
    the villages; every category and section, over the last months. Written in bulk: the
    services are tested elsewhere; here only the amount of data matters."""
    now = clock.now()
    villages = sorted(office.villages.order_by("pk"), key=lambda v: v.slug != "inan")
    categories = list(office.categories.order_by("pk"))
    author = Membership.objects.filter(office=office).order_by("pk").first().user
    officers = {
        m.section_id: m.user
        for m in Membership.objects.filter(office=office, role=Role.OFFICER).order_by("pk")
    }
    rows = []
    for n in range(start, start + count):
        status = STATUSES[n % len(STATUSES)]
        category = categories[n % len(categories)]
        submitted = now - dt.timedelta(days=n % 90, hours=n % 7)
        state = STATES[status]
        late = n % 5 == 0 and state.awaiting_answer
        due = now - dt.timedelta(days=1) if late else now + dt.timedelta(days=3)
        staffed = status not in (
            Status.SUBMITTED,
            Status.RETURNED,
            Status.REJECTED,
            Status.VERIFIED,
        )
        section = category.default_section if staffed else None
        rows.append(
            Case(
                office=office,
                tracking_number=f"{office.case_prefix}-2026-{90000 + n}",
                village=villages[0 if n % 3 != 2 else n % len(villages)],
                submitted_by=author,
                category=category,
                urgency=["rendah", "sedang", "tinggi", "darurat"][n % 4],
                title=f"Permasalahan {n} banjir" if n % 3 == 0 else f"Permasalahan {n}",
                description="Uraian yang panjang. " * 20,
                status=status,
                section=section,
                assigned_to=officers.get(section.pk) if section else None,
                verify_due=due if status == Status.SUBMITTED else submitted,
                response_due=due if state.deadline == "response_due" else None,
                submitted_at=submitted,
                overdue_since=due if late else None,
                updated_at=submitted,
            )
        )
    Case.objects.bulk_create(rows)


def more_offices(count):
    """`count` more kecamatan of Balangan with an office, a village, its official and a
    camat, each with a few cases."""
    made = []
    for district in Region.objects.filter(
        level=RegionLevel.DISTRICT, code__startswith="63.11.", office__isnull=True
    ).order_by("code")[:count]:
        RegionFactory(
            code=f"{district.code}.2001",
            name=f"Desa {district.name}",
            level=RegionLevel.VILLAGE,
            parent=district,
        )
        office = office_setup(region=district)
        Membership.objects.create(user=_user(f"camat-{office.slug}"), role=Role.HEAD, office=office)
        grow(office, 10)
        made.append(office)
    assert len(made) == count
    return made


def _user(username):
    from apps.accounts.models import User

    return User.objects.create(username=username, full_name=username)


PAGES = [
    ("camat", "/beranda/"),
    ("camat", "/permasalahan/"),
    ("camat", "/permasalahan/?status=diproses"),
    ("camat", "/permasalahan/?q=banjir"),
    ("camat", "/permasalahan/?page=3"),
    ("camat", "/monev/"),
    ("pmd", "/permasalahan/"),
    ("pmd", "/beranda/"),
    ("desa-inan", "/beranda/"),
    ("desa-inan", "/permasalahan/"),
    ("kabupaten", "/beranda/"),
    ("kabupaten", "/permasalahan/"),
    ("kabupaten", "/monev/"),
    ("kabupaten", "/api/v1/cases"),
]


def queries_of(client, path):
    client.get(path)  # warm: the session, the language, per-office caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return queries.captured_queries


@pytest.mark.django_db
def test_main_pages_cost_the_same_queries_with_twenty_cases_or_two_hundred(login, office):
    grow(office, 20)
    before = {}
    for username, path in PAGES:
        before[username, path] = len(queries_of(login(username), path))
    grow(office, 180, start=20)
    assert Case.objects.filter(office=office).count() == 200
    for username, path in PAGES:
        after = len(queries_of(login(username), path))
        assert after <= before[username, path], (username, path, before[username, path], after)


@pytest.mark.django_db
def test_the_inspectors_pages_cost_the_same_queries_with_one_office_or_five(login, office):
    grow(office, 10)
    pages = [(u, p) for u, p in PAGES if u == "kabupaten"]
    before = {path: len(queries_of(login(u), path)) for u, path in pages}
    more_offices(4)
    assert Office.objects.filter(region__parent=office.region.parent).count() == 5
    for username, path in pages:
        after = len(queries_of(login(username), path))
        assert after <= before[path], (path, before[path], after)


# A query that reads cases and hands Python more than a page of them has none of these.
BOUNDED = re.compile(r"\bLIMIT\b|\bCOUNT\(|\bSUM\(|\bAVG\(|\bGROUP BY\b|\bEXISTS\(", re.I)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("camat", "/beranda/"),
        ("camat", "/monev/"),
        ("pmd", "/beranda/"),
        ("desa-inan", "/beranda/"),
        ("kabupaten", "/beranda/"),
        ("kabupaten", "/monev/"),
    ],
)
def test_dashboards_count_in_the_database_never_in_python(login, office, username, path):
    grow(office, 60)
    for query in queries_of(login(username), path):
        sql = query["sql"]
        if re.search(r'FROM "cases_case"', sql) and sql.lstrip().upper().startswith("SELECT"):
            assert BOUNDED.search(sql), sql


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["camat", "desa-inan", "kabupaten"])
def test_the_list_pages_through_the_same_order_as_one_query(office, username):
    grow(office, 57)
    _filterset, cases = selectors.case_list_for(membership=membership_of(username))
    expected = list(cases.queryset.values_list("pk", flat=True))
    assert cases.overdue_count() > 0 and len(expected) == cases.count()
    for size in (1, 7, 20):
        pages = [
            [c.pk for c in cases[start : start + size]] for start in range(0, len(expected), size)
        ]
        assert list(itertools.chain(*pages)) == expected
    assert [c.pk for c in cases] == expected
    assert cases[len(expected) : len(expected) + 5] == []


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["camat", "pmd", "desa-inan", "kabupaten"])
def test_home_counts_equal_a_recount(office, username):
    grow(office, 77)
    membership = membership_of(username)
    counts = selectors.case_summary_for(membership=membership)["counts"]
    cases = list(selectors.policy.cases_for(membership))
    if membership.role == Role.OFFICER:
        cases = [c for c in cases if c.section_id == membership.section_id]
    now = clock.now()
    late = [
        c
        for c in cases
        if c.status in AWAITING_ANSWER and getattr(c, STATES[c.status].deadline) < now
    ]
    assert counts == {
        "open": sum(c.status in OPEN_STATES for c in cases),
        "overdue": len(late),
        "waiting_village": sum(c.status in WITH_VILLAGE for c in cases),
        "resolved": sum(c.status == Status.RESOLVED for c in cases),
    }
    assert counts["overdue"] > 0 and counts["resolved"] > 0


@pytest.mark.django_db
def test_the_api_walks_the_whole_list_by_its_next_links(login, office):
    grow(office, 45)
    client = login("kabupaten")
    whole = client.get("/api/v1/cases", {"limit": 100}).json()
    expected = [c["id"] for c in whole["results"]]
    assert whole["count"] == 45 == len(expected)
    seen, url = [], "/api/v1/cases?limit=7"
    while url:
        page = client.get(url).json()
        assert page["count"] == 45
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
        assert url is None or "after=" in url and "offset=" not in url
    assert seen == expected
    # Deep in the list by `after` is the same page as by `offset`.
    by_offset = client.get("/api/v1/cases", {"limit": 5, "offset": 21}).json()["results"]
    by_after = client.get("/api/v1/cases", {"limit": 5, "after": expected[20]}).json()["results"]
    assert by_after == by_offset
    refused = client.get("/api/v1/cases", {"after": 10**9})
    assert refused.status_code == 422 and "after" in refused.json()["errors"]  # names nothing
