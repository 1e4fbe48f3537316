"""Demo data: the answer of the demo's first resolved case, published for every village the
way an officer would (through `article_from_case`), so `make run` shows an answer in the
knowledge base and among the answers that may help."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import Membership, Role
from apps.cases.models import Case
from apps.cases.models import Status as CaseStatus

from .models import Article, Kind, Status, Visibility
from .selectors import case_answer_draft
from .services import article_from_case


@transaction.atomic
def demo_knowledge_seed(*, office) -> int:
    """Once per office; returns how many articles were made."""
    if Article.objects.filter(office=office, kind=Kind.ANSWER).exists():
        return 0
    case = (
        Case.objects.filter(office=office, status=CaseStatus.RESOLVED)
        .select_related("office", "village", "submitted_by", "assigned_to")
        .order_by("resolved_at", "pk")
        .first()
    )
    if case is None:
        return 0
    # The officer who answered it publishes it; else a secretary of the office.
    staff = Membership.objects.active().filter(office=office).select_related("user", "office")
    acting = (
        staff.filter(user_id=case.assigned_to_id, role=Role.OFFICER).first()
        or staff.filter(role=Role.SECRETARY).order_by("pk").first()
    )
    if acting is None:
        return 0
    draft = case_answer_draft(case)
    article_from_case(
        acting=acting,
        case=case,
        values={
            "title": draft["title"],
            "summary": draft["summary"],
            "body": draft["body"],
            "category": None,
            "visibility": Visibility.VILLAGES,
            "status": Status.PUBLISHED,
        },
        personal_data_removed=True,
    )
    return 1
