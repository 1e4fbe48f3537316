"""Migration operations of the project's own.

`AddIndexWithoutLock` is Django's `AddIndex`, built with CREATE INDEX CONCURRENTLY on
PostgreSQL: an index added to a province's cases or audit log (millions of rows, a minute
or more to build) must not stop every submission and every step while it is built. A build
that was interrupted leaves an invalid index behind; the next `migrate` drops it and builds
it again. SQLite builds it the ordinary way. A migration using it sets `atomic = False`.
"""

from django.db.migrations import AddIndex


def _index_state(schema_editor, name: str) -> bool | None:
    """True for a usable index of this name, False for one an interrupted build left."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
            [name],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


class AddIndexWithoutLock(AddIndex):
    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        state = _index_state(schema_editor, self.index.name)
        if state:
            return  # built by an earlier run that stopped before recording the migration
        if state is False:
            schema_editor.remove_index(model, self.index, concurrently=True)
        schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)
