"""Settings for a developer machine and for `make run`."""

from .base import *  # noqa: F403
from .base import env

# Off by default so that `make run` shows the product's own 404/403 pages, as people will
# see them; DJANGO_DEBUG=1 for Django's debug pages. WhiteNoise serves the static files
# from the apps' folders either way.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-ruko-parsel")
# Mail from `make run` goes to the console unless RUKO_MAIL_BACKEND=smtp.
if env("RUKO_MAIL_BACKEND", default="console") == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tasks run in the web process unless a worker is configured (RUKO_TASKS=database).
if env("RUKO_TASKS", default="immediate") == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
