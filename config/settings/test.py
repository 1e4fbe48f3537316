"""Settings for the test suite (pytest). DATABASE_URL selects PostgreSQL; SQLite otherwise."""

import tempfile

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
RUKO_DEMO = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Uploads made by tests go to a fresh temporary folder per run, never into the work tree.
MEDIA_ROOT = env.path("RUKO_TEST_MEDIA_ROOT", default=tempfile.mkdtemp(prefix="ruko-media-"))
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Django's live server wraps a media handler that needs a URL; uploads still have no public URL
# in the app (views stream them after a policy check), and nothing links to this prefix.
MEDIA_URL = "/_test-media/"
