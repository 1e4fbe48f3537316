"""Template helpers loaded in every template: inline SVG icons and small formatting tags."""

from datetime import date, datetime

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from apps.core import clock

register = template.Library()

# Simple stroke icons drawn for RUKO PARSEL on a 24x24 grid. Inline SVG: no icon font to fetch.
ICONS = {
    "home": '<path d="M3 11 12 4l9 7"/><path d="M5 10v10h5v-6h4v6h5V10"/>',
    "building": '<rect x="4" y="3" width="16" height="18" rx="1"/>'
    '<path d="M8 7h2M14 7h2M8 11h2M14 11h2M8 15h2M14 15h2M10 21v-3h4v3"/>',
    "village": '<path d="M3 20h18"/><path d="M5 20v-7l4-4 4 4v7"/><path d="M13 20v-5l3-3 3 3v5"/>'
    '<path d="M8 20v-3h2v3"/>',
    "users": '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.5-4 3.2-6 6.5-6s6 2 6.5 6"/>'
    '<path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14c2 .6 3.2 2.6 3.5 6"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21c.6-4.5 3.8-7 8-7s7.4 2.5 8 7"/>',
    "layers": '<path d="M12 3 2 8l10 5 10-5-10-5Z"/><path d="m2 13 10 5 10-5"/>',
    "tag": '<path d="M3 12V4h8l10 10-8 8L3 12Z"/><circle cx="7.5" cy="8" r="1.5"/>',
    "landmark": '<path d="M3 21h18M4 10h16M12 3 4 8h16l-8-5Z"/><path d="M6 10v8M10 10v8M14 10v8M18 10v8"/>',
    "phone": '<path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2Z"/>',
    "mail": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>',
    "pin": '<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21Z"/><circle cx="12" cy="9.5" r="2.5"/>',
    "login": '<path d="M14 4h5v16h-5"/><path d="M3 12h11M10 8l4 4-4 4"/>',
    "logout": '<path d="M10 4H5v16h5"/><path d="M9 12h12M17 8l4 4-4 4"/>',
    "key": '<circle cx="8" cy="14" r="4"/><path d="m11 11 9-9M16 6l3 3M14 8l2 2"/>',
    "settings": '<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3'
    'M4.9 4.9 7 7M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"/>',
    "check": '<path d="m4 12 5 5L20 6"/>',
    "x": '<path d="M6 6l12 12M18 6 6 18"/>',
    "plus": '<path d="M12 5v14M5 12h14"/>',
    "edit": '<path d="M4 20h4L19 9l-4-4L4 16v4Z"/><path d="m13.5 6.5 4 4"/>',
    "globe": '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3.2 3 14.8 0 18M12 3c-3 3.2-3 14.8 0 18"/>',
    "shield": '<path d="M12 3 4 6v6c0 4.5 3.4 8 8 9 4.6-1 8-4.5 8-9V6l-8-3Z"/><path d="m9 12 2 2 4-4"/>',
    "alert": '<path d="M12 3 2 20h20L12 3Z"/><path d="M12 10v4M12 17v.5"/>',
    "chat": '<path d="M4 5h16v11H9l-5 4V5Z"/><path d="M8 9h8M8 12h5"/>',
    "search": '<circle cx="11" cy="11" r="6.5"/><path d="m16 16 5 5"/>',
    "doc": '<path d="M6 3h8l4 4v14H6V3Z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>',
    "calendar": '<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M9 3v4M15 3v4"/>',
    "bell": '<path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2Z"/><path d="M10 20a2 2 0 0 0 4 0"/>',
    "chart": '<path d="M4 20V4M4 20h16"/><path d="M8 16v-4M12 16V8M16 16v-6"/>',
}


@register.simple_tag
def icon(name: str, size: int = 20, label: str = ""):
    """An inline SVG icon; decorative unless `label` is given."""
    paths = ICONS[name]
    aria = format_html('role="img" aria-label="{}"', label) if label else 'aria-hidden="true"'
    return format_html(
        '<svg class="icon" width="{}" height="{}" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
        'stroke-linejoin="round" {}>{}</svg>',
        size,
        size,
        mark_safe(aria),  # noqa: S308 - built above from escaped parts
        mark_safe(paths),  # noqa: S308 - constant markup defined in this module
    )


@register.filter
def past(value) -> bool:
    """Whether a date or a moment lies before now, by the one clock: `{% if f.due_date|past %}`."""
    if isinstance(value, datetime):
        return value < clock.now()
    if isinstance(value, date):
        return value < clock.today()
    return False


@register.inclusion_tag("core/chart.html")
def chart(value, pdf: bool = False, with_data: bool = False):
    """A chart from `apps.core.charts` with its text alternative: `{% chart stunting_trend %}`
    on a page, `{% chart stunting_trend pdf=True %}` in a PDF."""
    return {"chart": value, "pdf": pdf, "with_data": with_data}


# A chart's bars and its data rows are written here in one pass, not by a template loop per
# bar and per cell: a regency's charts have a bar per village (hundreds), and the template
# engine's per-item work was most of the dashboard's time. The markup is the loop's, byte for
# byte (apps/core/tests/test_chart_markup.py).


@register.simple_tag(takes_context=True)
def chart_bars(context, chart):
    """The `<g>` of each bar of a `BarChart`: its label cut to fit, the bar, its value."""

    def number(value):
        return render_value_in_context(value, context)

    label_x, text_y = number(chart.label_x), number(chart.text_y)
    label_width, bar_height = number(chart.label_width), number(chart.bar_height)
    chars = int(chart.label_chars)
    parts = []
    for bar in chart.bars:
        label = conditional_escape(Truncator(bar.label).chars(chars))
        fill = "#c2410c" if bar.highlight else "#0f6b4f"
        parts.append(
            f'\n  <g transform="translate(0 {conditional_escape(bar.y)})">\n'
            f'    <text x="{label_x}" y="{text_y}" text-anchor="end" fill="#1d2528">{label}'
            "</text>\n"
            f'    <rect x="{label_width}" y="0" width="{conditional_escape(bar.width)}" '
            f'height="{bar_height}" rx="2" fill="{fill}"/>\n'
            f'    <text x="{conditional_escape(bar.value_x)}" y="{text_y}" fill="#1d2528">'
            f"{number(bar.display)}</text>\n  </g>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def chart_rows(context, chart):
    """The rows of a chart's data table: the label as the row's heading, then its values."""
    rows = []
    for row in chart.rows:
        cells = [
            f'<th scope="row">{render_value_in_context(value, context)}</th>'
            if index == 0
            else f'<td class="num">{render_value_in_context(value, context)}</td>'
            for index, value in enumerate(row)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
