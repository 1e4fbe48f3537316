"""Settings for a developer machine and for `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
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
