"""The dashboard and the regency's side-by-side table, assembled from the sections."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import policy
from .periods import Period
from .sections import SECTIONS, Scope, Section

OFFICE_COLUMN = ("office", _("Sub-district"), "text")


def scope_for(
    membership, *, period: Period, now, office: str = "", offices: list | None = None
) -> Scope | None:
    """What this person's dashboard covers: every office they may see (the office's staff:
    theirs; the regency inspector: the regency's), or the one named by its slug. None when
    they see no dashboard at all or the slug names no office within their reach. The pages
    and the API both ask here (a page that has listed `offices` already passes them)."""
    if offices is None:
        offices = policy.monitoring_offices_for(membership)
    picked = [o for o in offices if o.slug == office] if office else offices
    if not picked:
        return None
    area = picked[0].name if len(picked) == 1 else str(membership.scope_name)
    return Scope(offices=picked, period=period, now=now, area=area)


def dashboard(scope: Scope, *, only: tuple[str, ...] = ()) -> list[Section]:
    """Every section of the dashboard for the scope (or only the named ones)."""
    return [spec.build(scope) for spec in SECTIONS if not only or spec.key in only]


@dataclass
class Comparison:
    columns: list[tuple[str, str, str]]  # key, label, kind
    rows: list[dict]  # {"office": Office, key: value, …}
    sort: str
    descending: bool


def offices_side_by_side(scope: Scope, *, sort: str = "", descending: bool = True) -> Comparison:
    """One row per office with every section's comparable figures, sorted by one column (an
    empty value last whatever the direction). A fixed number of grouped queries, whatever the
    number of offices."""
    columns = [OFFICE_COLUMN]
    values: dict[int, dict] = {office.pk: {} for office in scope.offices}
    for spec in SECTIONS:
        if spec.compare is None:
            continue
        section_columns, by_office = spec.compare(scope)
        columns += section_columns
        for pk, row in by_office.items():
            values.setdefault(pk, {}).update(row)
    keys = [key for key, _label, _kind in columns]
    rows = [
        {"office": office, **{key: values[office.pk].get(key) for key in keys[1:]}}
        for office in scope.offices
    ]
    sort = sort if sort in keys else "office"
    if sort == "office":
        rows.sort(key=lambda r: r["office"].name, reverse=descending)
    else:
        present = [r for r in rows if r[sort] is not None]
        absent = [r for r in rows if r[sort] is None]
        present.sort(key=lambda r: r[sort], reverse=descending)
        rows = present + sorted(absent, key=lambda r: r["office"].name)
    return Comparison(columns, rows, sort, descending)
