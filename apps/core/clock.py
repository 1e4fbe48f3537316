"""The current time, in one place, so that demo data and tests can set it.

Services call `clock.now()` instead of `timezone.now()`; `clock.frozen(at)` makes every call
inside the block return `at` (thread-local, so a live server thread is not affected).
"""

import threading
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone

_local = threading.local()


def now() -> datetime:
    return getattr(_local, "at", None) or timezone.now()


# A second press of the same button (a double tap, a form sent again after a dropped
# answer) within this time returns what the first made instead of making it again.
REPEAT_WINDOW = timedelta(minutes=10)


def repeat_since() -> datetime:
    """The moment from which an identical write counts as a repeat of an earlier one."""
    return now() - REPEAT_WINDOW


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
