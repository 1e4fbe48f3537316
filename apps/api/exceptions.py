from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from apps.core.errors import DomainError, InvalidState, NotAllowed


def api_exception_handler(exc, context):
    """Domain errors become 403 (not allowed), 409 (wrong state) or 400 (invalid input),
    each with a translated `detail`; the rest is DRF's default."""
    if isinstance(exc, DomainError):
        if isinstance(exc, NotAllowed):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, InvalidState):
            code = status.HTTP_409_CONFLICT
        else:
            code = status.HTTP_400_BAD_REQUEST
        body = {"detail": str(exc.message), "code": exc.code}
        if exc.field:
            body["errors"] = {exc.field: [str(exc.message)]}
        return Response(body, status=code)
    response = exception_handler(exc, context)
    if response is not None and response.status_code == 404:
        response.data = {"detail": _("Not found.")}
    return response
