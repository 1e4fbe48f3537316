"""A chart's bars and data rows, written by `{% chart_bars %}` and `{% chart_rows %}`, are
the markup the template loops wrote, byte for byte: labels cut and escaped, the highlighted
bar in its colour, empty values as a dash."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from apps.core.charts import bar_chart, line_chart

# The loops of core/chart_bar.html and core/chart_data.html before the tags.
BARS_LOOP = Template(
    "{% for bar in chart.bars %}\n"
    '  <g transform="translate(0 {{ bar.y }})">\n'
    '    <text x="{{ chart.label_x }}" y="{{ chart.text_y }}" text-anchor="end" '
    'fill="#1d2528">{{ bar.label|truncatechars:chart.label_chars }}</text>\n'
    '    <rect x="{{ chart.label_width }}" y="0" width="{{ bar.width }}" '
    'height="{{ chart.bar_height }}" rx="2" fill="{% if bar.highlight %}#c2410c{% else %}'
    '#0f6b4f{% endif %}"/>\n'
    '    <text x="{{ bar.value_x }}" y="{{ chart.text_y }}" fill="#1d2528">{{ bar.display }}'
    "</text>\n  </g>\n  {% endfor %}"
)
ROWS_LOOP = Template(
    '{% for row in chart.rows %}<tr>{% for value in row %}{% if forloop.first %}<th scope="row">'
    '{{ value }}</th>{% else %}<td class="num">{{ value }}</td>{% endif %}{% endfor %}</tr>'
    "{% endfor %}"
)
BARS_TAG = Template("{% chart_bars chart %}")
ROWS_TAG = Template("{% chart_rows chart %}")

ITEMS = [
    ("Desa Murung Abuin dengan nama yang sangat panjang sekali", Decimal("12.5")),
    ('Kelurahan <Paringin> & "Kota"', 1234),
    ("Desa Inan", None),
    ("Desa Halubau", 0),
]


def charts():
    yield bar_chart("Kasus per desa", ITEMS, value_label="kasus", highlight="Desa Inan")
    yield bar_chart("Tepat waktu", ITEMS, unit="%", label_width=60)
    yield bar_chart("Kosong", [])
    yield line_chart(
        "Prevalensi",
        ["Jan", "Feb <b>", "Mar"],
        [("Desa A & B", [Decimal("10.5"), None, 12]), ("Desa <C>", [1, 2, 3])],
        unit="%",
    )


def test_chart_tags_write_the_loops_markup():
    checked = 0
    with translation.override("id"):
        for chart in charts():
            context = Context({"chart": chart})
            if chart.kind == "bar":
                assert BARS_TAG.render(context) == BARS_LOOP.render(context)
            assert ROWS_TAG.render(context) == ROWS_LOOP.render(context)
            checked += len(chart.rows)
    assert checked == 11  # 4 + 4 + 0 bars, 3 months: the rows were really compared
    with translation.override("id"):
        markup = BARS_TAG.render(Context({"chart": next(charts())}))
    assert "Kelurahan &lt;Pari…" in markup and "#c2410c" in markup and "…" in markup
