from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .exceptions import Unprocessable

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


class CasePagination(Pagination):
    """The case list: `limit` and `offset` as everywhere, and `after`, the id of the last case
    of the page before: the next page read from the indexes where that one ended, as fast
    deep in the list as at its start (an offset reads every case it skips). The `next` link
    uses `after`."""

    after_query_param = "after"
    after_query_description = gettext_lazy(
        "The id of the last case of the previous page: the cases that follow it (the `next` "
        "link gives it; faster than `offset` deep in the list)."
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.after = None
        value = request.query_params.get(self.after_query_param)
        if value is None or not hasattr(queryset, "after"):
            page = super().paginate_queryset(queryset, request, view)
            self.last = page[-1].pk if page else None
            return page
        self.after = _whole_number(self.after_query_param, value, minimum=1)
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = None
        self.count = self.get_count(queryset)
        page = queryset.after(self.after, self.limit) if self.after < 2**63 else None
        if page is None:
            raise Unprocessable({self.after_query_param: [_("No such case in this list.")]})
        self.last = page[-1].pk if page else None
        return page

    def get_next_link(self):
        if self.last is None or (self.after is None and self.offset + self.limit >= self.count):
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.offset_query_param)
        url = replace_query_param(url, self.limit_query_param, self.limit)
        return replace_query_param(url, self.after_query_param, self.last)

    def get_previous_link(self):
        return None if self.after is not None else super().get_previous_link()

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.after_query_param,
                "required": False,
                "in": "query",
                "description": str(self.after_query_description),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
