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
