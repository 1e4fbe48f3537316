"""Every error of the API has one shape (the `Error` component of the OpenAPI document):
`{"detail": "<translated sentence>", "code": "<stable code>", "errors": {"<field>": [...]}}`,
`errors` only when fields are at fault (nested fields are dotted: `follow_ups.0.due_date`).

The statuses:
400  the request does not have the documented shape (a field, parameter or header);
401  no valid bearer token (or session);
403  the caller's role may not do this (also: an `X-Ruko-Membership` that is not theirs);
404  no such object, or one the caller may not see;
409  not possible in the object's current state (or an idempotency key reused differently);
413  the body is too large or carries too many files;
415  a content type the operation does not take;
422  well formed, but refused by a rule: an id that names nothing the caller can use,
     a file that is not an accepted document, a value the domain does not accept;
429  too many failed logins: try again later.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from apps.core.errors import DomainError, InvalidState, NotAllowed


class Unprocessable(exceptions.ValidationError):
    """Well formed, but refused by a rule (HTTP 422)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request is too large.")
    default_code = "too_large"


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested field errors as `{"a.0.b": ["message", ...]}`."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and detail and all(isinstance(d, str) for d in detail):
        return {prefix or "non_field_errors": [str(d) for d in detail]}
    if isinstance(detail, list):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    if detail in (None, "", [], {}):
        return {}
    return {prefix or "non_field_errors": [str(detail)]}


def error_body(detail, code: str, errors: dict | None = None) -> dict:
    body = {"detail": str(detail), "code": code}
    if errors:
        body["errors"] = errors
    return body


def api_exception_handler(exc, context):
    """Domain errors become 403 (not allowed), 409 (wrong state) or 422 (refused by a rule);
    DRF's own errors keep their status; all in the one error shape, translated."""
    if isinstance(exc, DomainError):
        if isinstance(exc, NotAllowed):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, InvalidState):
            code = status.HTTP_409_CONFLICT
        else:
            code = status.HTTP_422_UNPROCESSABLE_ENTITY
        errors = {exc.field: [str(exc.message)]} if exc.field else None
        return Response(error_body(exc.message, exc.code, errors), status=code)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        code = exc.default_code
        detail = (
            _("The request was refused; see errors.")
            if isinstance(exc, Unprocessable)
            else _("Some fields are invalid; see errors.")
        )
        response.data = error_body(detail, code, errors)
    elif isinstance(exc, exceptions.NotFound) or response.status_code == 404:
        response.data = error_body(_("Not found."), "not_found")
    else:
        data = response.data if isinstance(response.data, dict) else {}
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if not isinstance(codes, str):
            codes = "permission_denied" if response.status_code == 403 else "error"
        response.data = error_body(data.get("detail", ""), codes)
    return response
