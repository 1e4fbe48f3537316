"""Formatting the figures of the dashboard and the activity report, by their kind."""

from decimal import Decimal

from django import template
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
