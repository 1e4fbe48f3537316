"""Trigram indexes for the case list's search (`selectors.CaseFilter.filter_text`), on
PostgreSQL only.

The search keeps its meaning: every word must occur, case-insensitively and anywhere inside
a word, in the title, the description or the tracking number. Django writes each of those
tests as `UPPER("cases_case"."title"::text) LIKE UPPER('%word%')`; a GIN index with pg_trgm's
`gin_trgm_ops` on exactly that expression answers such a LIKE from the index, where before
every case of the office was read and upper-cased (twice: the count and the page).
`test_search.py` fails when the search's queries stop using these indexes.

pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may create it
without being a superuser (docs/deployment.md). The indexes are built CONCURRENTLY, so cases
can still be submitted while they are built (about a minute at a million cases); an index
left invalid by an interrupted build is dropped and built again. ANALYZE then gathers the
statistics of the indexed expressions, from which the planner learns how common a word is
(without them it guesses that a frequent word matches one row and picks nested loops).

SQLite has no such index; its search reads the cases of one office, as before."""

from django.db import migrations

FIELDS = {
    "case_title_trgm": "title",
    "case_description_trgm": "description",
    "case_tracking_number_trgm": "tracking_number",
}


def _valid(schema_editor, name) -> bool | None:
    """True for a usable index, False for one an interrupted build left, None for none."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
            [name],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, field in FIELDS.items():
        valid = _valid(schema_editor, name)
        if valid:
            continue
        if valid is False:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        # Written out: Django's OpClass() renders only with django.contrib.postgres installed.
        # PostgreSQL stores it as `upper((title)::text)`, the expression of `icontains`.
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY {name} ON cases_case "
            f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        )
    schema_editor.execute("ANALYZE cases_case")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in FIELDS:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    # The extension stays: other databases objects may use it, and it costs nothing.


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("cases", "0007_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
