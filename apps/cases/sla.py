"""The deadlines of a case, in working days of the office's calendar
(`offices.calendar.WorkCalendar`). A deadline of N working days after a moment is the end
of the Nth working day after that moment's date.
"""

from __future__ import annotations

from apps.offices.calendar import END_OF_DAY, WorkCalendar
from apps.offices.models import DEFAULT_ANSWER_DAYS, DEFAULT_VERIFY_DAYS, Category, Office, SlaRule

# The calendar lives with the office (the agenda uses it too); cases import it from here.
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
