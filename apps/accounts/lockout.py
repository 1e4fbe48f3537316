"""Login lock-out in three tiers (django-axes handler, AXES_HANDLER).

django-axes compares the largest failure count over its lockout parameters with one limit.
We want a limit per parameter: the same username from the same address is locked quickly, a
username across addresses (a password spray on the camat) only after more failures, and an
address across usernames (one machine trying many people) in between. Each count is scaled
to the common AXES_FAILURE_LIMIT, so axes locks as soon as any tier reaches its own limit.
Every tier expires after AXES_COOLOFF_TIME: an attacker cannot keep a person out for good
without coming back, from several addresses, every cool-off period.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def lockout_limits() -> list[int]:
    """One limit per entry of AXES_LOCKOUT_PARAMETERS, in the same order."""
    return list(settings.RUKO_LOCKOUT_LIMITS)


class TieredLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        scaled = 0
        for attempts, tier_limit in zip(
            self.get_user_attempts(request, credentials), lockout_limits(), strict=True
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            # count * limit // tier_limit reaches `limit` exactly when count reaches tier_limit.
            scaled = max(scaled, count * limit // tier_limit)
        return scaled
