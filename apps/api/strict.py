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
