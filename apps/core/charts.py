"""Charts drawn on the server as SVG: the geometry is computed here, the markup lives in two
small templates (`core/chart_bar.html`, `core/chart_line.html`), and the same chart goes into
a page and into a PDF (WeasyPrint draws inline SVG). No chart framework reaches the phone.

Every chart carries its text alternative: a title and a one-line summary for screen readers
(`<title>`/`<desc>`), and its data as rows for a table beside it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal

_ids = itertools.count(1)

# Colours that stay apart for people with the common colour-vision deficiencies and print
# distinguishably in grey.
PALETTE = ["#0f6b4f", "#c2410c", "#1d4ed8", "#7c3aed", "#a16207"]


def _c(value: float) -> str:
    """A coordinate as SVG reads it: never localised (Indonesian writes 12,5 for 12.5)."""
    return f"{round(value, 1):g}"


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def nice_ceiling(value: float) -> float:
    """The axis maximum: 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _fmt(value, decimals: bool = False) -> str:
    """A number as Indonesian writes it: 1.234 and 12,5 (one decimal for rates)."""
    if value is None:
        return "–"
    if decimals or (isinstance(value, Decimal | float) and value != int(value)):
        return f"{float(value):,.1f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{int(value):,}".replace(",", ".")


def _divisions(ceiling: float) -> int:
    """Four grid steps when they fall on round numbers (0, 5, 10, 15, 20), else five."""
    for count in (4, 5, 2):
        step = ceiling / count
        if abs(step * 10 - round(step * 10)) < 1e-9:
            return count
    return 4


@dataclass
class Bar:
    label: str
    value: float | None
    display: str
    y: str
    width: str
    value_x: str
    highlight: bool = False


@dataclass
class BarChart:
    title: str
    summary: str
    unit: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int
    plot_width: float
    columns: tuple[str, str]
    id: str = field(default_factory=lambda: f"chart{next(_ids)}")
    kind: str = "bar"

    @property
    def rows(self):
        return [(bar.label, bar.display) for bar in self.bars]

    @property
    def label_chars(self) -> int:
        """How many characters of a label fit left of the bars (longer ones are cut)."""
        return int(self.label_width / 8)

    @property
    def label_x(self) -> int:
        return self.label_width - 6

    @property
    def text_y(self) -> int:
        return self.bar_height - 6


def bar_chart(
    title: str,
    items: list[tuple[str, object]],
    *,
    unit: str = "",
    value_label: str = "",
    summary: str = "",
    highlight: str | None = None,
    width: int = 360,
    label_width: int = 130,
    bar_height: int = 18,
) -> BarChart:
    """Horizontal bars, one per (label, value); a label equal to `highlight` is drawn in a
    second colour (the sub-district's aggregate among its villages)."""
    gap = 6
    top = 4
    plot_width = width - label_width - 56
    biggest = max((_number(v) for _l, v in items), default=0)
    scale = plot_width / nice_ceiling(biggest)
    bars = []
    for index, (label, value) in enumerate(items):
        display = f"{_fmt(value, unit == '%')}{unit}" if value is not None else "–"
        bars.append(
            Bar(
                label=str(label),
                value=None if value is None else _number(value),
                display=display,
                y=_c(top + index * (bar_height + gap)),
                width=_c(_number(value) * scale),
                value_x=_c(label_width + _number(value) * scale + 4),
                highlight=highlight is not None and str(label) == highlight,
            )
        )
    height = top * 2 + len(items) * (bar_height + gap)
    return BarChart(
        title=title,
        summary=summary,
        unit=unit,
        bars=bars,
        width=width,
        height=max(height, 30),
        label_width=label_width,
        bar_height=bar_height,
        plot_width=plot_width,
        columns=("", value_label or title),
    )


@dataclass
class Series:
    name: str
    values: list[float | None]
    points: str  # the polyline's points
    dots: list[tuple[str, str, str]]
    colour: str


@dataclass
class LineChart:
    title: str
    summary: str
    unit: str
    labels: list[str]
    axis_labels: list[tuple[str, str]]
    ticks: list[tuple[str, str]]
    series: list[Series]
    width: int
    height: int
    left: int
    bottom: int
    right: int
    id: str = field(default_factory=lambda: f"chart{next(_ids)}")
    kind: str = "line"

    @property
    def columns(self):
        return ("", *[s.name for s in self.series])

    @property
    def rows(self):
        rate = self.unit == "%"

        def cell(value):
            return "–" if value is None else _fmt(value, rate) + self.unit

        return [
            (label, *[cell(s.values[i]) for s in self.series])
            for i, label in enumerate(self.labels)
        ]


def line_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list]],
    *,
    axis_labels: list[str] | None = None,
    unit: str = "",
    summary: str = "",
    width: int = 360,
    height: int = 190,
) -> LineChart:
    """One line per series over the same labels (months); a missing value breaks no line, it
    is skipped."""
    left, right, top, bottom = 40, width - 14, 10, height - 26
    biggest = max((_number(v) for _n, vs in series for v in vs if v is not None), default=0)
    ceiling = nice_ceiling(biggest)
    count = max(len(labels), 1)
    step = (right - left) / max(count - 1, 1)

    def x(i):
        return _c(left + i * step)

    def y(v):
        return _c(bottom - _number(v) / ceiling * (bottom - top))

    drawn = []
    for index, (name, values) in enumerate(series):
        coords = [(x(i), y(v), _fmt(v, unit == "%")) for i, v in enumerate(values) if v is not None]
        drawn.append(
            Series(
                name=name,
                values=[None if v is None else _number(v) for v in values],
                points=" ".join(f"{cx},{cy}" for cx, cy, _d in coords),
                dots=coords,
                colour=PALETTE[index % len(PALETTE)],
            )
        )
    steps = _divisions(ceiling)
    ticks = [(y(ceiling * k / steps), _fmt(ceiling * k / steps) + unit) for k in range(steps + 1)]
    shown = axis_labels or labels
    every = 1 if count <= 6 else math.ceil(count / 6)  # room for about six labels
    return LineChart(
        title=title,
        summary=summary,
        unit=unit,
        labels=list(labels),
        axis_labels=[(x(i), label) for i, label in enumerate(shown) if i % every == 0],
        ticks=ticks,
        series=drawn,
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        right=right,
    )
