import logging

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

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

    RETRY_AFTER = 5  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from .error_views import database_unavailable

        logger.warning("database unavailable for %s %s", request.method, request.path,
                       exc_info=exception)  # fmt: skip
        return database_unavailable(request, retry_after=self.RETRY_AFTER)
