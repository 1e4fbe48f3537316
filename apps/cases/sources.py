"""How the follow-ups app names, links and checks the follow-ups of a case: registered in
`CasesConfig.ready()` (`follow_ups.registry`), since follow-ups sit below cases."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.follow_ups.registry import SourceKind

from . import policy
from .models import OPEN_STATES, SOURCE_TYPE, Case

__all__ = ["CASE_SOURCE", "SOURCE_TYPE"]


def load(ids) -> dict[str, Case]:
    pks = [int(pk) for pk in ids if str(pk).isdigit()]
    cases = Case.objects.filter(pk__in=pks).select_related("office", "village")
    return {str(case.pk): case for case in cases}


def concerned(case: Case) -> list:
    """Whom an item on the case concerns: the village that raised it and the section."""
    return [*scope.village_officials(case.village_id), *scope.section_officers(case.section_id)]


def linkable(membership) -> list[tuple[str, str]]:
    """A village's own open cases (to link one to a consultation)."""
    cases = policy.cases_for(membership).filter(status__in=OPEN_STATES).order_by("-submitted_at")
    return [(str(case.pk), f"{case.tracking_number} · {case.title}") for case in cases[:50]]


CASE_SOURCE = SourceKind(
    label=_("Case"),
    load=load,
    reference=lambda case: case.tracking_number,
    title=lambda case: f"{case.tracking_number} · {case.title}",
    url=lambda case: reverse("cases:detail", args=[case.pk]) + "#follow-ups",
    may_complete=policy.case_follow_up_may_complete,
    concerned=concerned,
    linkable=linkable,
)
