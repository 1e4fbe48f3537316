"""On PostgreSQL the database itself refuses to change or remove an audit entry: a trigger
raises on UPDATE and DELETE of offices_auditlog, whatever client sends them (a raw SQL
console, a script, a bug). TRUNCATE (the test suite's flush, a full restore) is not
affected. SQLite has no such trigger; there the model and its queryset refuse."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION offices_auditlog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % on offices_auditlog refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS offices_auditlog_append_only ON offices_auditlog;
CREATE TRIGGER offices_auditlog_append_only
    BEFORE UPDATE OR DELETE ON offices_auditlog
    FOR EACH ROW EXECUTE FUNCTION offices_auditlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS offices_auditlog_append_only ON offices_auditlog;
DROP FUNCTION IF EXISTS offices_auditlog_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("offices", "0007_office_case_prefix_unique")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
