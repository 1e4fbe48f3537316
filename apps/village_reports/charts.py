"""The stunting charts, built once here and drawn the same on the stunting page, the
monitoring dashboard and the activity report PDF (`apps.core.charts`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.core.charts import BarChart, LineChart, bar_chart, line_chart

from .periods import MONTH_NAMES


def _pct(value) -> str:
    return "–" if value is None else f"{value}".replace(".", ",") + "%"


def stunting_trend_chart(trend: list[dict], *, area: str) -> LineChart:
    """Prevalence of the whole area month by month."""
    values = [row["prevalence"] for row in trend]
    known = [(row["label"], row["prevalence"]) for row in trend if row["prevalence"] is not None]
    if len(known) >= 2:
        summary = _("Stunting prevalence in %(area)s went from %(first)s in %(from)s to "
                    "%(last)s in %(to)s.") % {
            "area": area, "first": _pct(known[0][1]), "from": known[0][0],
            "last": _pct(known[-1][1]), "to": known[-1][0],
        }  # fmt: skip
    elif known:
        summary = _("Stunting prevalence in %(area)s: %(value)s in %(month)s.") % {
            "area": area,
            "value": _pct(known[0][1]),
            "month": known[0][0],
        }
    else:
        summary = _("No stunting figures in these months.")
    return line_chart(
        _("Stunting prevalence, last %(count)s months") % {"count": len(trend)},
        [row["label"] for row in trend],
        [(area, values)],
        axis_labels=[
            f"{MONTH_NAMES[row['month'].month - 1][:3]} {row['month']:%y}" for row in trend
        ],
        unit="%",
        summary=summary,
    )


def stunting_ranking_chart(month: dict, *, area: str) -> BarChart:
    """Prevalence per village for one month, highest first, with the area's aggregate."""
    items = [(str(row["village"]), row["prevalence"]) for row in month["rows"]]
    items.append((area, month["total"]["prevalence"]))
    if month["rows"]:
        top = month["rows"][0]
        summary = _(
            "%(month)s: %(area)s %(total)s; highest %(village)s %(value)s; %(missing)s "
            "villages without figures."
        ) % {
            "month": month["label"],
            "area": area,
            "total": _pct(month["total"]["prevalence"]),
            "village": top["village"],
            "value": _pct(top["prevalence"]),
            "missing": len(month["missing"]),
        }
    else:
        summary = _("No village has sent figures for %(month)s.") % {"month": month["label"]}
    return bar_chart(
        _("Stunting prevalence per village, %(month)s") % {"month": month["label"]},
        items,
        unit="%",
        value_label=_("prevalence"),
        summary=summary,
        highlight=area,
    )
