"""The case list's search (`?q=`, the page and the API alike): every word must occur,
case-insensitively and anywhere inside a word, in the title, the description or the tracking
number; what a person may see is never widened. On PostgreSQL each word is answered from
the trigram indexes of migration 0008, not by reading every case of the office."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.cases import selectors
from apps.cases.models import Case

TRIGRAM_INDEXES = ("case_title_trgm", "case_description_trgm", "case_tracking_number_trgm")


@pytest.fixture
def cases(submit):
    return {
        "bridge": submit(
            title="Jembatan gantung rusak",
            description="Tiang penyangga patah setelah hujan deras.",
        ),
        "flood": submit(
            "desa-bungin",
            title="Banjir di RT 03",
            description="Air masuk rumah warga; jembatan tertutup lumpur.",
        ),
        "fertiliser": submit(title="Diskon 50% pupuk", description="Harga_pupuk naik lagi."),
        "school": submit(title="Atap sekolah bocor", description="Ruang kelas basah."),
    }


def found(member, q, username="camat"):
    _filters, listed = selectors.case_list_for(membership=member(username), data={"q": q})
    numbers = {case.tracking_number for case in listed}
    assert listed.count() == len(numbers)  # the paginator's count agrees with the rows
    return numbers


def numbers(cases, *keys):
    return {cases[key].tracking_number for key in keys}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # part of a word, in any case, in the title or the description
        ("jemba", ("bridge", "flood")),
        ("JEMBATAN", ("bridge", "flood")),
        ("jEmBaTaN", ("bridge", "flood")),
        ("angga", ("bridge",)),  # inside "penyangga"
        ("lumpur", ("flood",)),
        # every word must match, each anywhere: title and description together
        ("banjir lumpur", ("flood",)),
        ("jembatan patah", ("bridge",)),
        ("  jembatan   RUSAK  ", ("bridge",)),
        ("jembatan sekolah", ()),
        ("kebakaran", ()),
        # LIKE's wildcards are plain characters
        ("50%", ("fertiliser",)),
        ("%", ("fertiliser",)),
        ("harga_pupuk", ("fertiliser",)),
        ("_", ("fertiliser",)),
        ("a_a", ()),
        ("\\", ()),
    ],
)
def test_search_finds_every_word_anywhere_in_any_case(member, cases, q, expected):
    assert found(member, q) == numbers(cases, *expected)


@pytest.mark.django_db
def test_search_by_tracking_number_or_part_of_it(member, cases):
    number = cases["flood"].tracking_number  # PRS-2026-00002
    assert found(member, number) == {number}
    assert found(member, number.lower()) == {number}
    prefix, year, sequence = number.split("-")
    assert found(member, f"{year}-{sequence}") == {number}
    assert found(member, f"{sequence} lumpur") == {number}
    assert found(member, f"{sequence} sekolah") == set()
    assert found(member, f"{prefix.lower()}-{year}") == numbers(cases, *cases)


@pytest.mark.django_db
def test_search_never_widens_what_a_village_sees(member, cases):
    assert found(member, "jembatan", "desa-inan") == numbers(cases, "bridge")
    assert found(member, cases["flood"].tracking_number, "desa-inan") == set()


@pytest.mark.django_db
def test_the_page_and_the_api_find_the_same_cases(login, cases):
    client = login("camat")
    page = client.get(reverse("cases:list"), {"q": "JEMBA"})
    assert "Jembatan gantung rusak" in page.text and "Banjir di RT 03" in page.text
    assert "Atap sekolah bocor" not in page.text
    api = json.loads(client.get("/api/v1/cases", {"q": "JEMBA"}).content)
    assert api["count"] == 2
    assert {row["tracking_number"] for row in api["results"]} == numbers(cases, "bridge", "flood")


# --- PostgreSQL: the search reads the trigram indexes ---------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's"
)


def _copies(case: Case, count: int) -> None:
    """`count` copies of the case in bulk (one INSERT … SELECT), each with its own tracking
    number (T-1 … T-count) and its own random-looking title and description: enough rows,
    and statistics gathered, that the planner costs the search as on a real office (with a
    handful of rows, reading them all is cheapest and no index would ever be chosen)."""
    fields = [f.column for f in Case._meta.concrete_fields if not f.primary_key]
    made = {
        "tracking_number": "'T-' || g",
        "title": "md5(g::text)",
        "description": "md5(g::text || 'a') || ' ' || md5(g::text || 'b')",
        "submitted_at": "submitted_at - g * interval '1 minute'",
    }
    columns = ", ".join(fields)
    values = ", ".join(made.get(column, column) for column in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO cases_case ({columns}) SELECT {values} "
            "FROM cases_case, generate_series(1, %s) AS g WHERE id = %s",
            [count, case.pk],
        )
        cursor.execute(
            "UPDATE cases_case SET description = description || ' zebrakuda' "
            "WHERE tracking_number = 'T-4242'"
        )
        # What autovacuum does in the background: new entries of a GIN index wait in its
        # pending list (read in full by every search) until they are merged into the index.
        for index in TRIGRAM_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE cases_case")  # rolled back with the test


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@postgresql_only
def test_the_migration_indexes_the_expressions_of_the_search():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'cases_case'::regclass"
        )
        indexes = {name: (definition, valid) for name, definition, valid in cursor.fetchall()}
    assert "USING gin (upper((title)::text) gin_trgm_ops)" in indexes["case_title_trgm"][0]
    assert "USING gin (upper(description) gin_trgm_ops)" in indexes["case_description_trgm"][0]
    assert (
        "USING gin (upper((tracking_number)::text) gin_trgm_ops)"
        in indexes["case_tracking_number_trgm"][0]
    )
    assert all(indexes[name][1] for name in TRIGRAM_INDEXES)


@pytest.mark.django_db
@postgresql_only
def test_the_search_reads_the_trigram_indexes_not_every_case(login, member, submit):
    """The count behind the pages (the paginator's and the API's) and the page of rows,
    EXPLAINed as the list runs them on 20,000 cases: each uses the trigram indexes, so
    it stays fast however many cases the office has. It fails when the filter stops
    generating the indexed expression (another lookup, LOWER instead of UPPER, a cast) or
    when an index is missing."""
    _copies(submit(), 20_000)
    client = login("camat")
    for q, expected in [
        ("EbRaKu", {"T-4242"}),  # part of a word in one description, in another case
        ("zebrakuda t-4242", {"T-4242"}),  # two words, one of them a tracking number
        ("t-1234", {"T-1234", *(f"T-1234{n}" for n in range(10))}),  # a tracking fragment
    ]:
        assert found(member, q) == expected
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:list"), {"q": q})
        assert response.status_code == 200
        searched = [
            query["sql"]
            for query in queries.captured_queries
            if 'FROM "cases_case"' in query["sql"] and " LIKE " in query["sql"]
        ]
        # The count of the overdue matches may be answered from the small index of the open
        # cases instead (it names their deadlines); the count of all matches and the page
        # of the newest must come from the trigram indexes.
        whole = [sql for sql in searched if sql.startswith("SELECT COUNT(*)") and "_due" not in sql]
        pages = [sql for sql in searched if " LIMIT " in sql]
        assert len(whole) == 1 and pages, searched
        for sql in whole + pages:
            plan = _plan(sql)
            assert "Seq Scan on cases_case" not in plan, plan
            for index in TRIGRAM_INDEXES:
                assert f"Bitmap Index Scan on {index}" in plan, plan
