"""The dashboard tables' rows, written by `{% table_rows %}`, are the markup the template loop
wrote, byte for byte (links on a page, none in the PDF, values escaped and formatted)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from apps.core import clock
from apps.core.spreadsheets import Column
from apps.monitoring import selectors
from apps.monitoring.sections import Table

from .test_dashboard import NOW, scope_of

# The table rows as `monitoring/_section.html` wrote them before `{% table_rows %}`.
LOOP = Template(
    "{% load monev %}{% for link, cells in table.cells %}<tr>{% for value, kind in cells %}"
    '{% if forloop.first %}<th scope="row">{% if link and not pdf %}<a href="{{ link }}">'
    "{{ value }}</a>{% else %}{{ value }}{% endif %}</th>{% else %}"
    '<td{% if kind != "text" %} class="num"{% endif %}>{{ value|as_kind:kind }}</td>'
    "{% endif %}{% endfor %}</tr>{% endfor %}"
)
TAG = Template("{% load monev %}{% table_rows table pdf %}")


@pytest.mark.django_db
def test_table_rows_are_the_markup_the_template_loop_wrote(march_cases, office):
    tables = [t for s in selectors.dashboard(scope_of(office)) for t in s.tables if t.rows]
    tables.append(
        Table(
            "odd",
            "Odd values",
            [Column("Name"), Column("N", "int"), Column("Text", "text"), Column("%", "percent")],
            [
                ['Desa <b>"Ujung" & Co</b>', 1234567, "a < b", None],
                [None, 0, "", 12.5],
            ],
            links=["/permasalahan/?village=1&status=<x>", ""],
        )
    )
    assert len(tables) >= 5
    with translation.override("id"), clock.frozen(NOW):
        for table in tables:
            for pdf in (False, True):
                context = Context({"table": table, "pdf": pdf})
                assert TAG.render(context) == LOOP.render(context), table.key
