"""The current time, in one place, so that demo data and tests can set it.

Services call `clock.now()` instead of `timezone.now()`; `clock.frozen(at)` makes every call
inside the block return `at` (thread-local, so a live server thread is not affected).
"""

import threading
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

_local = threading.local()


def now() -> datetime:
    return getattr(_local, "at", None) or timezone.now()


def today():
    return timezone.localdate(now())


@contextmanager
def frozen(at: datetime):
    previous = getattr(_local, "at", None)
    _local.at = at
    try:
        yield
    finally:
        _local.at = previous
