"""Figures that are costly to count and read by many (the public page's, the monitoring
dashboard's) are counted once and kept until something changes: the caller's key names what
the figures depend on — the offices, their directory version and their latest change
(`offices.audit.last_change`), the period, the language — so a change recorded in those
offices makes the next visitor count afresh. The key cannot see everything: figures that
move with the clock alone (what became overdue), or an entry whose transaction commits after
a later-numbered one, are counted again at the latest COUNTED_EVERY seconds after; the page
says when its figures were counted and that changes show within five minutes.
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
