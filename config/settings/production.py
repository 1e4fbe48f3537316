"""Settings for a production server: PostgreSQL, a real secret, HTTPS, no demo data."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# Structured logs: one JSON object per line (RUKO_LOG_FORMAT=plain for a terminal).
LOGGING["handlers"]["console"]["formatter"] = env("RUKO_LOG_FORMAT", default="json")  # noqa: F405
# Pages compressed on the way out (static files are precompressed by WhiteNoise). Django masks
# the CSRF token differently in every response, so compression does not leak it (BREACH).
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
RUKO_DEMO = False  # never, whatever the environment says
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS only, remembered by browsers; the health probe may come over plain HTTP internally.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
# Secure by default, so that `check --deploy` is silent. A host whose subdomains are not all
# on HTTPS sets DJANGO_HSTS_INCLUDE_SUBDOMAINS=0; DJANGO_HSTS_PRELOAD=0 keeps the header
# without the preload flag (the flag only matters once the domain is submitted to the list).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
# Two-factor authentication is required of these roles (apps/accounts/two_factor.py).
RUKO_REQUIRE_2FA_ROLES = env.list("RUKO_REQUIRE_2FA_ROLES", default=["camat", "sekretaris"])
# Behind the reverse proxy, the client's address is in X-Forwarded-For: the login lockout
# must count per person's address, not lock everyone out behind the proxy's.
AXES_IPWARE_PROXY_COUNT = env.int("RUKO_PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
