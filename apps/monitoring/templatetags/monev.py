"""Formatting the figures of the dashboard and the activity report, by their kind."""

from decimal import Decimal

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _decimal(value, places: int = 1) -> str:
    text = f"{Decimal(value):,.{places}f}"
    # Indonesian writes 1.234,5: swap the separators.
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def as_kind(value, kind: str = "int") -> str:
    """`{{ figure.value|as_kind:figure.kind }}`: 1.234 · 87,5% · 4,2 · 12,3 jam · –"""
    if value is None or value == "":
        return "–"
    if kind == "text":
        return str(value)
    if kind == "percent":
        return f"{_decimal(value)}%"
    if kind == "decimal":
        return _decimal(value)
    if kind == "hours":
        return _("%(hours)s h") % {"hours": _decimal(value)}
    return f"{int(value):,}".replace(",", ".")


@register.filter
def get(row, key):
    return row.get(key) if hasattr(row, "get") else None


@register.simple_tag(takes_context=True)
def table_rows(context, table, pdf: bool = False):
    """`{% table_rows table pdf %}`: the rows of a dashboard table (`sections.Table`), the
    first cell a row heading (linked on a page), the others formatted by their kind. Built in
    one pass here rather than a template loop per cell: a regency's tables hold hundreds of
    villages, and the template engine's per-cell work was most of the page's time."""
    rows = []
    for link, cells in table.cells:
        parts = ["<tr>"]
        for index, (value, kind) in enumerate(cells):
            if index == 0:
                shown = render_value_in_context(value, context)
                if link and not pdf:
                    shown = format_html('<a href="{}">{}</a>', link, shown)
                parts.append(f'<th scope="row">{shown}</th>')
            else:
                numeric = ' class="num"' if kind != "text" else ""
                parts.append(f"<td{numeric}>{conditional_escape(as_kind(value, kind))}</td>")
        parts.append("</tr>")
        rows.append("".join(parts))
    return mark_safe("".join(rows))  # noqa: S308 -- every value above is escaped
