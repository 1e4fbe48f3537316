from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 100


class Pagination(LimitOffsetPagination):
    """`limit` and `offset` as whole numbers or a 400 (never silently the default); a
    `limit` over 100 returns 100 (the `next` link says where to go on)."""

    max_limit = MAX_LIMIT
    limit_query_description = gettext_lazy(
        "How many results to return, 1 to 100 (default 50; more than 100 returns 100)."
    )
    offset_query_description = gettext_lazy("How many results to skip (default 0).")

    def get_limit(self, request):
        value = request.query_params.get(self.limit_query_param)
        if value is None:
            return self.default_limit
        return min(_whole_number(self.limit_query_param, value, minimum=1), self.max_limit)

    def get_offset(self, request):
        value = request.query_params.get(self.offset_query_param)
        if value is None:
            return 0
        return _whole_number(self.offset_query_param, value, minimum=0)

    def get_schema_operation_parameters(self, view):
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] = {"type": "integer", "minimum": 1}
        offset["schema"] = {"type": "integer", "minimum": 0}
        return [limit, offset]


def _whole_number(name: str, value: str, *, minimum: int) -> int:
    text = value.strip()
    # Past 18 digits the number only means "very many" (and int() refuses 4,300 digits).
    number = None
    if text.isascii() and text.isdigit():
        digits = text.lstrip("0") or "0"
        number = int(digits) if len(digits) <= 18 else 10**18
    if number is None or number < minimum:
        raise ValidationError(
            {name: [_("Give a whole number of at least %(minimum)s.") % {"minimum": minimum}]}
        )
    return number
