"""JSON bodies carry the types the document declares: DRF alone would take `"body": 42` as
the text "42" and `"category": "7"` as the number 7. Form and multipart bodies are text by
nature, so only JSON is checked."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

# Most specific first: a ChoiceField is not a CharField, a BooleanField is an int in Python.
EXPECTED = [
    (serializers.BooleanField, (bool,)),
    (serializers.IntegerField, (int,)),
    (serializers.ChoiceField, (str,)),
    (serializers.DateField, (str,)),
    (serializers.CharField, (str,)),
    (serializers.ListField, (list,)),
    (serializers.ListSerializer, (list,)),
    (serializers.Serializer, (dict,)),
]


def _type_errors(serializer, data, prefix: str = "") -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        return errors  # the serializer itself refuses a body that is not an object
    for name, field in serializer.fields.items():
        if field.read_only or name not in data or data[name] is None:
            continue
        value, key = data[name], f"{prefix}{name}"
        expected = next((types for cls, types in EXPECTED if isinstance(field, cls)), None)
        wrong = expected is not None and (
            not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected)
        )
        if wrong:
            errors[key] = [_("Send a value of the type the API document gives.")]
        elif isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, serializers.Serializer
        ):
            for index, item in enumerate(value):
                errors.update(_type_errors(field.child, item, f"{key}.{index}."))
        elif isinstance(field, serializers.Serializer):
            errors.update(_type_errors(field, value, f"{key}."))
    return errors


def query(serializer_class, request) -> dict:
    """The query parameters validated by `serializer_class` (400). A plain dict, not the
    QueryDict: an empty `?status=` is a 400, as the document says, not the web form's
    "no filter"; a repeated parameter counts once (the last)."""
    serializer = serializer_class(data=dict(request.query_params.items()))
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def as_filter_data(values: dict) -> dict[str, str]:
    """Validated query values as the text a page's filter form reads (`true` for a flag that
    is set; a flag that is not set, or an empty value, filters nothing)."""
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = "true"
        elif value not in ("", None):
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def filtered(filterset, queryset):
    """The selector's list, unless the page's filters refused a value the API's own check let
    through (an id the caller may not see): then nothing, never the unfiltered list."""
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none()
    return queryset


def validated(serializer_class, request) -> dict:
    """The body validated by `serializer_class`, JSON types checked first (400)."""
    data = request.data
    serializer = serializer_class(data=data)
    if not isinstance(data, QueryDict):
        errors = _type_errors(serializer, data)
        if errors:
            raise ValidationError(errors)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
