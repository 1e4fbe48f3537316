"""Who may read and write the knowledge base, built on `accounts.policy`.

Reading, by the article's visibility (only published articles, except for the writers):
- anyone, logged in or not: the public articles of every active office;
- a village official: also the articles for all villages of their own office;
- the staff of an office (camat, secretary, section officers): every article of their
  office, drafts too;
- a regency inspector: every published article of the offices of their regency.

Writing: the staff of the office (camat, secretary and section officers). The sections hold
the knowledge (PMD writes about village finance, Trantib about disaster readiness) and the
office is small; every change is audited. Inspectors and villages only read.

Publishing a case's answer: staff of the case's office, for a resolved case. The link to the
case is shown to staff only; a village official never reaches a case through an article.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.accounts import policy as scope
from apps.cases.workflow import Status as CaseStatus

from .models import Article, Status, Visibility


def articles_for(membership) -> QuerySet[Article]:
    """The articles this person (None: anyone) may read."""
    published = Q(status=Status.PUBLISHED)
    readable = published & Q(visibility=Visibility.PUBLIC, office__is_active=True)
    if membership is not None:
        if scope.is_village_official(membership):
            readable |= published & Q(
                office_id=membership.office_id, visibility=Visibility.VILLAGES
            )
        elif scope.is_inspector(membership):
            readable |= published & Q(office__in=scope.offices_for(membership))
        elif scope.works_in_office(membership, membership.office_id):
            readable |= Q(office_id=membership.office_id)
    return Article.objects.filter(readable)


def article_get_for(membership, *, pk) -> Article:
    """One article this person may read; 404 otherwise (never a 403 that confirms it)."""
    found = (
        articles_for(membership)
        .filter(pk=pk)
        .select_related("office", "category", "case", "created_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_write(membership, office_id=None) -> bool:
    """Whether this person writes articles (of this office, when named)."""
    if membership is None:
        return False
    return scope.works_in_office(membership, office_id or membership.office_id)


def can_edit(membership, article: Article) -> bool:
    return can_write(membership, article.office_id)


def sees_case_link(membership, article: Article) -> bool:
    """The case an answer came from: its office's staff and inspectors, who may open it."""
    return (
        article.case_id is not None
        and membership is not None
        and (
            scope.works_in_office(membership, article.office_id)
            or (
                scope.is_inspector(membership)
                and scope.offices_for(membership).filter(pk=article.office_id).exists()
            )
        )
    )


def can_publish_case(membership, case) -> bool:
    """Turn a resolved case's answer into an article: the staff of the case's office."""
    return case.status == CaseStatus.RESOLVED and can_write(membership, case.office_id)


def sees_drafts(membership) -> bool:
    return can_write(membership)
