"""Settings for `make bench`: production behaviour (DEBUG off, compressed hashed static files,
no demo data) over plain HTTP on 127.0.0.1, plus the bench-only pieces of `config.bench`: the
bare view at /_bench/bare and the X-Queries header. Never deploy with these settings."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="bench-only-not-secret")
RUKO_DEMO = False
RUKO_BENCH = True
MIDDLEWARE = ["config.bench.QueryCountMiddleware", *MIDDLEWARE]
# The load runs from one address at a high rate: the login lockout has nothing to guard here.
AXES_ENABLED = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
