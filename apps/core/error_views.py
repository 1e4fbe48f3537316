"""Error answers: JSON under the API's path (`settings.RUKO_API_PATH`), in the API's one error
shape (`{"detail", "code"}`), and the product's own Indonesian pages everywhere else.

Django calls these for errors raised outside a view's own handling (config/urls.py names
them): an unknown URL, a body over DATA_UPLOAD_MAX_MEMORY_SIZE or with more than
DATA_UPLOAD_MAX_NUMBER_FILES files, a CSRF failure, an unhandled exception. django-axes calls
`locked_out` when a login is refused after too many failures (AXES_LOCKOUT_CALLABLE).
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def is_api(request) -> bool:
    return request.path.startswith(settings.RUKO_API_PATH)


def _json(detail, code: str, status: int, headers=None) -> JsonResponse:
    return JsonResponse(
        {"detail": str(detail), "code": code},
        status=status,
        headers=headers,
        json_dumps_params={"ensure_ascii": False},
    )


def _page(request, template: str, status: int, context=None, headers=None) -> HttpResponse:
    body = loader.render_to_string(template, context or {}, request=request)
    return HttpResponse(body, status=status, headers=headers)


@requires_csrf_token
def bad_request(request, exception=None):
    too_large = isinstance(exception, TOO_LARGE)
    status = 413 if too_large else 400
    if is_api(request):
        if too_large:
            return _json(_("The request is too large."), "too_large", status)
        return _json(_("The request could not be understood."), "bad_request", status)
    return _page(request, "400.html", status, {"too_large": too_large})


@requires_csrf_token
def permission_denied(request, exception=None):
    if is_api(request):
        return _json(_("You may not do this."), "permission_denied", 403)
    return _page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """A form sent from a page that has expired (or from elsewhere)."""
    if is_api(request):
        return _json(_("The form has expired: reload the page and try again."), "csrf", 403)
    return _page(request, "403.html", 403, {"csrf_failed": True})


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api(request):
        return _json(_("Not found."), "not_found", 404)
    return _page(request, "404.html", 404)


def method_not_allowed(request, response):
    """A form's address opened with GET (by hand, from the history): Django's own 405 is an
    empty page. Ours says what happened and links to the page the form lives on."""
    from .routes import page_for

    headers = {"Allow": response.headers.get("Allow", "")}
    if is_api(request):
        return _json(_("This method is not allowed here."), "method_not_allowed", 405, headers)
    return _page(request, "405.html", 405, {"page": page_for(request.path)}, headers)


# How long a client waits before sending again when the database could not be reached.
DATABASE_RETRY_AFTER = 5


def server_error(request):
    # The database lost before a view ran (the session, the membership middleware): the
    # same 503 with Retry-After as from a view, not a 500 (nothing was saved; send again).
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request, retry_after=DATABASE_RETRY_AFTER)
    if is_api(request):
        return _json(_("Something went wrong on our side. Try again in a moment."), "error", 500)
    # Rendered without the request: its context processors read the database, which may be
    # the very thing that failed.
    try:
        return HttpResponse(loader.render_to_string("500.html", {}), status=500)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("the 500 page could not be rendered")
        return HttpResponse(
            "<!doctype html><title>RUKO PARSEL</title><h1>Terjadi kesalahan</h1>"
            "<p>Silakan coba lagi beberapa saat lagi.</p>",
            status=500,
        )


def database_unavailable(request, *, retry_after: int):
    """The database could not be reached: 503, try again after `retry_after` seconds."""
    headers = {"Retry-After": str(retry_after)}
    if is_api(request):
        return _json(
            _("Something went wrong on our side. Try again in a moment."),
            "unavailable",
            503,
            headers,
        )
    try:
        body = loader.render_to_string("500.html", {})  # no context: it reads no database
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("the 500 page could not be rendered")
        body = "<!doctype html><title>RUKO PARSEL</title><p>Silakan coba lagi.</p>"
    return HttpResponse(body, status=503, headers=headers)


def locked_out(request, original_response=None, credentials=None):
    """django-axes refused a login: 429, with Retry-After in seconds."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    headers = {"Retry-After": str(seconds)} if seconds else None
    if is_api(request):
        return _json(
            _("Too many failed logins with this username: try again later."),
            "locked_out",
            429,
            headers,
        )
    return _page(request, "429.html", 429, headers=headers)
