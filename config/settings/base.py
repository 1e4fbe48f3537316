"""Settings shared by every environment. Values that differ per machine come from the
environment (see `.env.example`), read in one place through django-environ."""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Demo accounts and data exist only where RUKO_DEMO=1 (set by `make run`); production refuses it.
RUKO_DEMO = env.bool("RUKO_DEMO", default=False)
# The bare view and the query-count header of `make bench` (config/bench.py); only
# config.settings.bench turns it on.
RUKO_BENCH = False
# The office whose page the public sees (Kemendagri code of its kecamatan); empty: the first
# office set up, which is all an installation for one kecamatan needs.
RUKO_PUBLIC_OFFICE = env("RUKO_PUBLIC_OFFICE", default="")
# The address people open from their e-mail (links in notifications and digests).
RUKO_BASE_URL = env("RUKO_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks_db",
    "crontask",
    # In layer order (see .importlinter): plumbing, master data, people, domains, front doors.
    "apps.core",
    "apps.regions",
    "apps.offices",
    "apps.notifications",
    "apps.accounts",
    "apps.follow_ups",
    "apps.cases",
    "apps.alerts",
    "apps.meetings",
    "apps.village_reports",
    "apps.aspirations",
    "apps.knowledge",
    "apps.dashboard",
    "apps.monitoring",
    "apps.public",
    "apps.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.LanguageMiddleware",
    "apps.core.middleware.MethodNotAllowedMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.MembershipMiddleware",
    "apps.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "apps.core.middleware.DatabaseUnavailableMiddleware",
    "apps.core.middleware.PrivatePageMiddleware",
]

# Content Security Policy (Django's own, on every answer): scripts and styles only from our
# static files; no inline script, style attribute or event handler anywhere (a test loads
# the main pages in Chromium and fails on any violation). The API's Swagger page alone
# allows its library's inline style (apps/api/urls.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Widgets drawn in Python with Django's own markup (a select's options cost a template each).
FORM_RENDERER = "apps.core.renderers.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.offices.context_processors.house_office",
                "apps.accounts.context_processors.membership",
                "apps.notifications.context_processors.unread",
                "apps.alerts.context_processors.alert_banner",
                "apps.monitoring.context_processors.monitoring",
                "apps.aspirations.context_processors.aspirations",
            ],
            "builtins": ["apps.core.templatetags.ui"],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'ruko.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker read and write side by side.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            # SQLite ignores SELECT … FOR UPDATE; taking the write lock when a transaction
            # starts makes two submissions at the same moment wait instead of failing.
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; SQLite builds the same
    # index without the included columns, which is all a small installation needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process keeps drawn fragments in its own memory by default: what may change is cached
# under a version number read from the database on every request (an office's directory),
# so several processes or servers never serve a stale copy and need no shared cache.
# CACHE_URL (django-environ's form) may choose another backend; none is needed.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://ruko")}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):  # other backends take no such option
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's own validators; their messages come in Indonesian from Django's catalogue.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "public:landing"

# Login throttling (django-axes) in three tiers, each with its own limit within the cool-off
# window (apps/accounts/lockout.py): a username from one address, an address across
# usernames, a username across addresses (slowest, so that nobody locks the camat out
# cheaply). Every lock ends after the cool-off.
AXES_HANDLER = "apps.accounts.lockout.TieredLockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
RUKO_LOCKOUT_LIMITS = [
    AXES_FAILURE_LIMIT,
    env.int("RUKO_LOCKOUT_ADDRESS_LIMIT", default=20),
    env.int("RUKO_LOCKOUT_USERNAME_LIMIT", default=30),
]
AXES_COOLOFF_TIME = 0.25  # hours
# A lockout answers 429: JSON under the API, the 429 page elsewhere (apps/core/error_views.py).
AXES_LOCKOUT_CALLABLE = "apps.core.error_views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Two-step login (TOTP, apps/accounts/two_factor.py): open to everyone, required of these
# roles (production requires camat and sekretaris).
RUKO_REQUIRE_2FA_ROLES = env.list("RUKO_REQUIRE_2FA_ROLES", default=[])
OTP_TOTP_ISSUER = "RUKO PARSEL"
# Sessions end after RUKO_SESSION_IDLE_HOURS without a request (apps/core/middleware.py
# renews the expiry while the person works); the cookies are out of reach of scripts.
SESSION_COOKIE_AGE = int(env.float("RUKO_SESSION_IDLE_HOURS", default=8) * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx sends the token from <body hx-headers> and forms from their hidden field: no script
# reads the cookie.
CSRF_COOKIE_HTTPONLY = True
# Error answers under this path are JSON in the API's error shape; elsewhere, our pages.
RUKO_API_PATH = "/api/"
CSRF_FAILURE_VIEW = "apps.core.error_views.csrf_failure"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [env.path("RUKO_LOCALE_DIR", default=BASE_DIR / "locale")]
TIME_ZONE = "Asia/Makassar"  # WITA: Kalimantan Selatan
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]  # one date format on every page (config/formats/)

# Uploads: at most 5 documents of 10 MB per form (checked by the forms); Django stores no more
# than 10 files of a request, and the reverse proxy caps the body (see deployment.md). Past 10
# files the form still gets its fields and says what to change (FieldsKeptUploadHandler).
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_HANDLERS = [
    "apps.core.uploads.FieldsKeptUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("RUKO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded files are never served from a public path: views stream them after a policy check.
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Django 6.1 mailers. SMTP by default; RUKO_MAIL_BACKEND=console prints mail instead.
MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
MAILERS = {
    "default": {
        "BACKEND": MAIL_BACKENDS[env("RUKO_MAIL_BACKEND", default="smtp")],
        "OPTIONS": {
            "host": env("EMAIL_HOST", default="127.0.0.1"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "timeout": 10,
        },
    }
}
if env("RUKO_MAIL_BACKEND", default="smtp") != "smtp":
    MAILERS["default"]["OPTIONS"] = {}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="RUKO PARSEL <ruko@localhost>")

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["apps.api.permissions.HasMembership"],
    # JSON in, JSON out; the endpoints that take files add multipart (apps/api/parsers.py
    # turns oversized or malformed bodies into 413 and 400, never a 500).
    "DEFAULT_PARSER_CLASSES": ["apps.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "apps.api.schema.RukoAutoSchema",
    "EXCEPTION_HANDLER": "apps.api.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# django-filter: the empty choice of every filter reads "all".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

SPECTACULAR_SETTINGS = {
    "TITLE": "RUKO PARSEL API",
    # The first paragraph names the caller's own office (apps/offices/openapi.py).
    "DESCRIPTION": (
        "API of RUKO PARSEL, the coordination house of a sub-district and its villages.\n\n"
        "Log in with POST /api/v1/auth/token and send `Authorization: Bearer <token>`. "
        "A person with several roles chooses one per request with the `X-Ruko-Membership` "
        "header (an id from GET /api/v1/me).\n\n"
        "Every error is JSON of one shape (`Error`): `detail`, `code` and, when fields are at "
        "fault, `errors`. 400: the request does not have the documented shape; 401: no valid "
        "token; 403: your role may not do this; 404: no such object, or one you may not see; "
        "409: not possible in the current state; 413: too large; 422: well formed but refused "
        "by a rule (an id that names nothing you can use, a file that is not a document); "
        "429: too many failed logins."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Fields of the same name with different choices (cases and alerts) get their own enums.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "apps.cases.workflow.Status",
        "CaseUrgencyEnum": "apps.offices.models.Urgency",
        "AlertStatusEnum": "apps.alerts.workflow.Status",
        "IncidentStatusEnum": "apps.alerts.workflow.IncidentStatus",
        "CapUrgencyEnum": "apps.alerts.values.Urgency",
        "AspirationStatusEnum": "apps.aspirations.workflow.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.offices.openapi.describe_office",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line (production's default: RUKO_LOG_FORMAT=json), for a log
        # collector: time, level, logger, message, and the exception's traceback.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("RUKO_LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
