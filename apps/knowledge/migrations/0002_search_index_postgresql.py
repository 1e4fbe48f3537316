"""The full-text search index, on PostgreSQL only: a GIN index on the very expression the
search filters on (`selectors._vector()`: to_tsvector('simple', search_text)), so the
planner uses it. SQLite has no such index; its fallback search reads the few rows of one
office directly."""

from django.db import migrations

INDEX = "knowledge_article_search_gin"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("search_text", config="simple"), name=INDEX)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("knowledge", "Article"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("knowledge", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
