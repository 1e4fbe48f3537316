"""The service levels of a case: how many working days the office gives itself.

The working-day calendar itself lives in `apps.offices.calendar` (village reports count on it
too); it is imported here for the case services.
"""

from __future__ import annotations

from apps.offices.calendar import END_OF_DAY, WorkCalendar
from apps.offices.models import DEFAULT_ANSWER_DAYS, DEFAULT_VERIFY_DAYS, Category, Office, SlaRule

__all__ = ["END_OF_DAY", "WorkCalendar", "sla_days"]


def sla_days(*, office: Office, category: Category | None, urgency: str) -> tuple[int, int]:
    """(verify days, answer days) for a category and urgency: the category's own rule, else
    the office's rule for all categories, else the defaults."""
    rules = {
        rule.category_id: rule
        for rule in SlaRule.objects.filter(office=office, urgency=urgency).filter(
            models_q_category(category)
        )
    }
    rule = rules.get(getattr(category, "pk", None)) or rules.get(None)
    if rule is not None:
        return rule.verify_days, rule.answer_days
    return DEFAULT_VERIFY_DAYS, DEFAULT_ANSWER_DAYS[urgency]


def models_q_category(category):
    from django.db.models import Q

    if category is None:
        return Q(category__isnull=True)
    return Q(category__isnull=True) | Q(category=category)
