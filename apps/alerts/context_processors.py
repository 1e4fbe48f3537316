from django.utils.functional import SimpleLazyObject

from . import policy, selectors
from .values import VillageState


def alert_banner(request):
    """`alert_banner`: the live alerts a village official must still acknowledge, shown on
    top of every page until someone of the village does (one query for a village official,
    none for anybody else). `sees_alerts` for the menu; the flags of the early-warning pages
    are looked up only when a template asks."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "alert_banner": selectors.banner_for(membership),
        "alert_states": VillageState.choices,
        "sees_alerts": policy.sees_alerts(membership),
        "can_issue_alerts": SimpleLazyObject(lambda: policy.can_issue(membership)),
        "sees_alert_escalations": SimpleLazyObject(lambda: policy.sees_escalations(membership)),
    }
