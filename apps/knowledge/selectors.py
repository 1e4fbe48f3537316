"""Reads of the knowledge base: the list with its search and filters, the article page, the
answers that may help a village typing its problem, a case's answer as a draft article.

The search. On PostgreSQL it is full-text search with the 'simple' configuration (Indonesian
has no stemmer in PostgreSQL; 'simple' keeps every word as it is written, lower-cased) over
`Article.search_text`, which holds the title, summary and text folded to lower case without
accents (`text.fold`: our unaccent, the same on both databases); each word matches as a
prefix (`desa:*` finds "desanya"), ranked by `ts_rank`; a GIN index on the same expression
(migration 0002, PostgreSQL only) keeps it fast. On SQLite the same words are looked for as
substrings of `search_text` (one `LIKE` each), ranked by how many match. One function,
`article_search`, picks by `connection.vendor`.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from apps.cases.selectors import STOPWORDS
from apps.offices.models import Category

from . import policy
from .models import Article, Kind, Status
from .text import NAME_MARK, fold, scrub, words

LIST_RELATED = ("office", "category")
SUGGESTIONS = 5
# Words too common to find a helpful answer by (the cases' list, plus a few more).
SUGGEST_STOPWORDS = STOPWORDS | {"kami", "yang", "tahun", "kepada", "mohon", "apakah", "bagaimana"}


def _vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("search_text", config="simple")


def article_search(qs: QuerySet[Article], text: str, *, match_all: bool = True, limit=None):
    """The articles of `qs` that match the words of `text`, best first: every word
    (`match_all`, the list's search box) or any of them (the suggestions)."""
    terms = words(text, limit=12, stopwords=frozenset() if match_all else SUGGEST_STOPWORDS)
    if not terms:
        return qs.none() if not match_all else qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # Terms are [a-z0-9]+ (text.words): the raw query cannot be malformed.
        joiner = " & " if match_all else " | "
        query = SearchQuery(
            joiner.join(f"{t}:*" for t in terms), search_type="raw", config="simple"
        )
        # Matching on the vector itself (`@@`) lets PostgreSQL use the GIN index.
        found = (
            qs.alias(vector=_vector())
            .filter(vector=query)
            .annotate(rank=SearchRank(_vector(), query))
            .order_by("-rank", "title", "id")
        )
    else:
        hits = [Q(search_text__contains=t) for t in terms]
        matched = sum(
            (Case(When(hit, then=Value(1)), default=Value(0), output_field=IntegerField())
             for hit in hits),
            Value(0),
        )  # fmt: skip
        condition = Q()
        if match_all:
            for hit in hits:
                condition &= hit
        else:
            condition = Q(pk__in=[])
            for hit in hits:
                condition |= hit
        found = qs.filter(condition).annotate(rank=matched).order_by("-rank", "title", "id")
    return found[:limit] if limit else found


def article_list_for(*, membership, q: str = "", kind: str = "", category=None, status=""):
    """The articles this person may read, searched and filtered; drafts only for writers."""
    qs = policy.articles_for(membership).select_related(*LIST_RELATED)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if category is not None:
        qs = qs.filter(category=category)
    if status in Status.values and policy.sees_drafts(membership):
        qs = qs.filter(status=status)
    if q.strip():
        return article_search(qs, q)
    return qs.order_by("kind", "title", "id")


def list_categories_for(membership) -> QuerySet[Category]:
    """The categories that the articles this person may read are filed under."""
    return (
        Category.objects.filter(articles__in=policy.articles_for(membership))
        .distinct()
        .order_by("name")
    )


def suggestions_for(*, membership, text: str) -> list[Article]:
    """Up to five published answers, SOPs and templates this person may read that share
    words with what they are typing (the case form's "answers that may help")."""
    qs = (
        policy.articles_for(membership)
        .filter(status=Status.PUBLISHED)
        .select_related(*LIST_RELATED)
    )
    if len(fold(text).strip()) < 4:
        return []
    return list(article_search(qs, text, match_all=False, limit=SUGGESTIONS))


def case_answer_draft(case) -> dict:
    """A resolved case's question and answer as the fields of a new article, without the
    names of the people on the case and of the village's officials, without phone numbers,
    NIK-like numbers and e-mail addresses. The officer reads and edits it before publishing."""
    names = _people_of(case)
    question = scrub(case.description, names=names)
    answer = "\n\n".join(
        scrub(part, names=names) for part in (case.response, case.solution) if part.strip()
    )
    body = f"## {_('Question')}\n\n{question}\n\n## {_('Answer')}\n\n{answer}\n"
    return {
        "kind": Kind.ANSWER,
        "title": scrub(case.title, names=names),
        "summary": scrub(case.title, names=names)[:300],
        "body": body,
        "category": case.category_id,
    }


def _people_of(case) -> list[str]:
    """Whose names come out: who submitted and who handled the case, the village's officials
    and head, the office's staff (one query)."""
    from apps.accounts.models import Membership

    names = [
        case.submitted_by.full_name if case.submitted_by_id else "",
        case.assigned_to.full_name if case.assigned_to_id else "",
        case.village.head_name,
        case.office.head_name,
    ]
    names += Membership.objects.filter(
        Q(village_id=case.village_id) | Q(office_id=case.office_id, village__isnull=True)
    ).values_list("user__full_name", flat=True)
    return [n for n in names if n and n != NAME_MARK]
