"""Small formatting for the early-warning pages."""

from datetime import timedelta

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def duration(value) -> str:
    """How long something took, as people say it: "4 minutes", "1 h 20 min", "2 days"."""
    if not isinstance(value, timedelta):
        return ""
    minutes = max(int(value.total_seconds() // 60), 0)
    if minutes < 60:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    days = hours // 24
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
