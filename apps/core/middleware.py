import logging

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from apps.core import clock

from .error_views import method_not_allowed


class LanguageMiddleware:
    """Indonesian unless the person chose another language with the switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: many village
    officials' phones are set to English, yet the product speaks Indonesian by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class MethodNotAllowedMiddleware:
    """Django answers a wrong method with an empty 405 (it has no handler405): give it the
    product's page (`error_views.method_not_allowed`). A 405 with a body of its own (the
    API's JSON) is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            return method_not_allowed(request, response)
        return response


logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A view that lost its database (a restart, a failover, the connection limit reached)
    answers 503 with Retry-After instead of a 500: nothing was saved, the same request may be
    sent again (a case with its idempotency key) and clients know to wait, not to report a
    bug. Written after the transaction rolled back, so the answer never claims a change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from .error_views import DATABASE_RETRY_AFTER, database_unavailable

        logger.warning("database unavailable for %s %s", request.method, request.path,
                       exc_info=exception)  # fmt: skip
        return database_unavailable(request, retry_after=DATABASE_RETRY_AFTER)


# Browser features a page of ours may use: the incident form asks for the position
# (static/js/geo.js); photos come through the file input, which needs no camera permission.
PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "display-capture=()",
        "interest-cohort=()",
    ]
)
# How often a working session's expiry is pushed back: a write per request would be wasted.
SESSION_RENEW_SECONDS = 300
RENEWED_KEY = "_ruko_renewed"


class PrivatePageMiddleware:
    """Headers every answer gets, and those of a logged-in person's pages.

    - Permissions-Policy on every answer.
    - A logged-in person's pages are never stored (`Cache-Control: no-store`): a shared
      village computer's back button or disk cache must not show the last person's cases.
    - A session ends after SESSION_COOKIE_AGE without a request: while the person works, the
      expiry is renewed every few minutes (idle timeout, not a fixed one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Downloads streamed after a policy check set their own private caching.
            if not response.has_header("Content-Disposition"):
                add_never_cache_headers(response)
            self._renew(request)
        return response

    @staticmethod
    def _renew(request):
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return
        stamp = int(clock.now().timestamp())
        if stamp - session.get(RENEWED_KEY, 0) >= SESSION_RENEW_SECONDS:
            session[RENEWED_KEY] = stamp  # marks the session modified: saved with a new expiry
