"""Figures that are costly to count and read by many (the public page's, the monitoring
dashboard's) are counted once and kept until something changes: the caller's key names what
the figures depend on — the offices and their latest change (`offices.audit.last_change`),
the period, the language — so any change recorded in those offices makes the next visitor
count afresh. Figures that move with the clock alone (what became overdue) are counted again
at least every COUNTED_EVERY seconds; the page says when its figures were counted.
"""

from collections.abc import Callable
from datetime import datetime
from hashlib import sha256

from django.core.cache import cache

from . import clock

COUNTED_EVERY = 5 * 60


def counted[T](key_parts: tuple, count: Callable[[], T]) -> tuple[T, datetime]:
    """`count()` as last counted under these key parts, and when it was counted."""
    key = "counted:" + sha256(repr(key_parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = (count(), clock.now())
        cache.set(key, found, COUNTED_EVERY)
    return found
