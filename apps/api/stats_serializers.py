"""The shapes of GET /api/v1/stats: the query it takes and the figures it gives.

The figures are the monitoring dashboard's own (apps/monitoring/sections.py): one object per
section, one field per figure, under the figure's key. `FIGURES` declares them here for the
document; a test holds it equal to what the sections build, so a figure added to the
dashboard cannot be missing from the API.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.monitoring.periods import KINDS

# section key → {figure key: kind}, as the dashboard's sections build them.
FIGURES: dict[str, dict[str, str]] = {
    "cases": {
        "submitted": "int",
        "open": "int",
        "overdue": "int",
        "verify_hours": "hours",
        "answer_hours": "hours",
        "sla_rate": "percent",
        "resolution_rate": "percent",
        "rating_avg": "decimal",
    },
    "reports": {
        "owed": "int",
        "on_time": "int",
        "late": "int",
        "missing": "int",
        "on_time_rate": "percent",
        "sent_rate": "percent",
    },
    "stunting": {
        "prevalence": "percent",
        "measured": "int",
        "stunted": "int",
        "reported": "int",
        "missing": "int",
    },
    "meetings": {
        "held": "int",
        "planned": "int",
        "cancelled": "int",
        "villages_invited": "int",
        "villages_attended": "int",
        "attendance_rate": "percent",
    },
    "follow_ups": {
        "due": "int",
        "done": "int",
        "done_on_time": "int",
        "on_time_rate": "percent",
        "open": "int",
        "overdue": "int",
    },
    "alerts": {
        "issued": "int",
        "villages_targeted": "int",
        "acknowledged": "int",
        "ack_minutes": "decimal",
        "not_acknowledged": "int",
        "ready": "int",
        "partial": "int",
        "not_ready": "int",
    },
}

SECTION_HELP = {
    "cases": _("Cases submitted in the period, in their state now; hours are medians."),
    "reports": _("Village reports whose deadline fell in the period and has passed."),
    "stunting": _("The stunting figures of `month`: the period's last month whose figures "
                  "are due."),
    "meetings": _("Meetings that start in the period; attendance of the villages invited to "
                  "the meetings held."),
    "follow_ups": _("Follow-up items due in the period; on time: done by the due date."),
    "alerts": _("Alerts issued in the period (median minutes to acknowledge) and the "
                "villages' readiness today."),
}  # fmt: skip

UNITS = {
    "int": {},
    "percent": {"help_text": _("Percent, one decimal; null when there is nothing to divide.")},
    "hours": {"help_text": _("Hours, one decimal; null when nothing was counted.")},
    "decimal": {"help_text": _("One decimal; null when nothing was counted.")},
}


def _field(kind: str) -> serializers.Field:
    if kind == "int":
        return serializers.IntegerField(min_value=0, allow_null=True)
    return serializers.DecimalField(
        max_digits=12, decimal_places=1, coerce_to_string=False, allow_null=True, **UNITS[kind]
    )


def _section_serializer(key: str, figures: dict[str, str]) -> type[serializers.Serializer]:
    name = "".join(part.capitalize() for part in key.split("_")) + "Figures"
    fields = {figure: _field(kind) for figure, kind in figures.items()}
    if key == "stunting":
        fields["month"] = serializers.DateField(help_text=_("The first day of the month shown."))
    return type(name, (serializers.Serializer,), fields)


SECTION_SERIALIZERS = {key: _section_serializer(key, figures) for key, figures in FIGURES.items()}


class StatsQuerySerializer(serializers.Serializer):
    """The period (as on the dashboard) and, for the regency's inspector, one office."""

    period = serializers.ChoiceField(
        choices=list(KINDS),
        required=False,
        help_text=_("month, quarter, semester, year (the default) or custom (with start and "
                    "end)."),
    )  # fmt: skip
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text=_("Default: this year.")
    )
    number = serializers.IntegerField(
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Which month, quarter or semester of the year; default: the one holding "
                    "today (this year) or the first."),
    )  # fmt: skip
    start = serializers.DateField(
        required=False,
        help_text=_("First day of a custom period (default: 1 January of this year); giving "
                    "start or end alone means period=custom."),
    )  # fmt: skip
    end = serializers.DateField(
        required=False, help_text=_("Last day of a custom period (default: today).")
    )
    office = serializers.CharField(
        required=False,
        max_length=100,
        help_text=_("Only this office (its slug; one you may not see: 422); default: every "
                    "office you may see."),
    )  # fmt: skip


class OfficeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "number"}],
        "nullable": True,
        "description": "Text, or a number of the column's kind; null when empty.",
    }
)
class CellField(serializers.Field):
    def to_representation(self, value):
        if value is None or isinstance(value, str | int | float):
            return value
        if hasattr(value, "as_tuple"):  # Decimal
            return float(value)
        return str(value)


class ColumnSerializer(serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["text", "int", "decimal", "percent", "hours", "date", "datetime"]
    )


class TableSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=list(FIGURES))
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.ListField(child=CellField()))


class _StatsBase(serializers.Serializer):
    area = serializers.CharField(help_text=_("The office's name, or the regency's."))
    period = PeriodSerializer()
    offices = OfficeRefSerializer(many=True)
    tables = TableSerializer(
        many=True,
        help_text=_("The dashboard's tables (per village, category, section, obligation…), "
                    "as on the page and in its Excel export."),
    )  # fmt: skip


# The period, the offices, one object per section of the dashboard, and its tables.
StatsSerializer = type(
    "StatsSerializer",
    (_StatsBase,),
    {
        key: serializer(help_text=SECTION_HELP[key])
        for key, serializer in SECTION_SERIALIZERS.items()
    },
)
