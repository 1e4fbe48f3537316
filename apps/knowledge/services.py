"""Writes of the knowledge base: save (create or edit) an article, publish a resolved case's
answer, attach and remove files, and seed a new office. Atomic, audited, taking the acting
membership."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from apps.cases.workflow import Status as CaseStatus
from apps.core import clock
from apps.core.errors import DomainError, NotAllowed
from apps.core.uploads import store_documents
from apps.offices.audit import audit_entry, audit_record, audit_record_many, diff, snapshot

from . import policy
from .models import BODY_LIMIT, Article, ArticleFile, Kind, Status, Visibility
from .text import scrub, search_text

AUDITED = ["kind", "title", "summary", "category", "visibility", "status", "case"]


def _check(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise DomainError(_("Give the article a title."), field="title")
    if not (values.get("body") or "").strip():
        raise DomainError(_("Write the text of the article."), field="body")
    if len(values["body"]) > BODY_LIMIT:
        raise DomainError(
            _("The text is longer than %(count)s characters.") % {"count": BODY_LIMIT},
            field="body",
        )
    if values.get("kind") not in Kind.values:
        raise DomainError(_("Choose the kind of article."), field="kind")
    if values.get("visibility") not in Visibility.values:
        raise DomainError(_("Choose who may read the article."), field="visibility")
    if values.get("status") not in Status.values:
        raise DomainError(_("Choose draft or published."), field="status")


def _apply(article: Article, values: dict) -> None:
    for field in ("kind", "title", "summary", "body", "category", "visibility", "status"):
        if field in values:
            setattr(article, field, values[field])
    article.title = article.title.strip()
    article.summary = (article.summary or "").strip()
    article.search_text = search_text(article.title, article.summary, article.body)
    article.updated_at = clock.now()
    if article.status == Status.PUBLISHED and article.published_at is None:
        article.published_at = article.updated_at


@transaction.atomic
def article_save(
    *,
    acting,
    article: Article | None = None,
    values: dict,
    files=(),
    remove_files=(),
) -> Article:
    """Create an article of the acting person's office, or edit one. `values` holds kind,
    title, summary, body (Markdown), category, visibility and status; a category of another
    office is refused."""
    if article is None:
        if not policy.can_write(acting):
            raise NotAllowed(_("Only the office's staff write in the knowledge base."))
        article = Article(office_id=acting.office_id, created_by=acting.user)
        old = {}
        action = "knowledge.article.created"
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not policy.can_edit(acting, article):
            raise NotAllowed(_("Only the office's staff edit its knowledge base."))
        old = snapshot(article, AUDITED)
        action = "knowledge.article.updated"
    _check(values)
    category = values.get("category")
    if category is not None and category.office_id != article.office_id:
        raise DomainError(_("Choose a category of this office."), field="category")
    was_published = article.status == Status.PUBLISHED
    old_body = article.body
    _apply(article, values)
    if article.case_id is not None:
        # An answer from a case stays without the obvious personal data, whatever is pasted.
        article.body = scrub(article.body)
        article.summary = scrub(article.summary)
        article.search_text = search_text(article.title, article.summary, article.body)
    article.save()
    store_documents(ArticleFile, files, uploaded_by=acting.user, article=article)
    removed = list(article.files.filter(pk__in=[f.pk for f in remove_files]))
    for item in removed:
        item.file.delete(save=False)
        item.delete()
    new = snapshot(article, AUDITED)
    if old:
        old, new = diff(old, new)
    if old_body and article.body != old_body:
        new["body_changed"] = True
    if removed:
        new["removed_files"] = [f.original_name for f in removed]
    if files:
        new["added_files"] = len(files)
    if old or new:
        if was_published != (article.status == Status.PUBLISHED) and old:
            action = (
                "knowledge.article.published"
                if article.status == Status.PUBLISHED
                else "knowledge.article.unpublished"
            )
        audit_record(
            actor=acting.user,
            action=action,
            target=article,
            office=article.office,
            old=old,
            new=new,
        )
    return article


@transaction.atomic
def article_from_case(
    *, acting, case, values: dict, personal_data_removed: bool, files=()
) -> Article:
    """Publish (or draft) a resolved case's answer as an article linked to the case and its
    category. The officer confirms having removed the personal data; the obvious kinds
    (phone numbers, NIK-like numbers, e-mail addresses) are taken out again on save."""
    if not policy.can_write(acting, case.office_id):
        raise NotAllowed(_("Only the office's staff publish a case's answer."))
    if case.status != CaseStatus.RESOLVED:
        raise DomainError(
            _("Only the answer of a resolved case can be published."), code="invalid_state"
        )
    if not personal_data_removed:
        raise DomainError(
            _("Confirm that you removed the personal data from the text."),
            field="personal_data_removed",
        )
    article = Article(
        office_id=case.office_id,
        created_by=acting.user,
        case=case,
        kind=Kind.ANSWER,
        category_id=case.category_id,
    )
    _check({**values, "kind": Kind.ANSWER})
    _apply(article, {**values, "kind": Kind.ANSWER})
    if values.get("category") is None:
        article.category_id = case.category_id
    elif values["category"].office_id != case.office_id:
        raise DomainError(_("Choose a category of this office."), field="category")
    article.body = scrub(article.body)
    article.summary = scrub(article.summary)
    article.search_text = search_text(article.title, article.summary, article.body)
    article.save()
    store_documents(ArticleFile, files, uploaded_by=acting.user, article=article)
    audit_record(
        actor=acting.user,
        action="knowledge.article.from_case",
        target=article,
        office=article.office,
        new={**snapshot(article, AUDITED), "tracking_number": case.tracking_number},
    )
    return article


@transaction.atomic
def _seeded(*, office, seed, actor=None) -> Article:
    """A seeded article of a new office, published, not saved yet."""
    from .seed import seed_body

    article = Article(
        office=office,
        seed_key=seed.key,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _apply(
        article,
        {
            "kind": seed.kind,
            "title": seed.title,
            "summary": seed.summary,
            "body": seed_body(seed, office),
            "visibility": seed.visibility,
            "status": Status.PUBLISHED,
        },
    )
    return article


def _seeded_entry(article: Article, *, actor):
    return audit_entry(
        actor=actor,
        action="knowledge.article.seeded",
        target=article,
        office=article.office,
        new=snapshot(article, AUDITED),
    )


def article_seed(*, office, seed, actor=None) -> Article | None:
    """One seeded article of a new office, published; nothing when it is there already."""
    if Article.objects.filter(office=office, seed_key=seed.key).exists():
        return None
    article = _seeded(office=office, seed=seed, actor=actor)
    article.save()
    _seeded_entry(article, actor=actor).save(force_insert=True)
    return article


def articles_seed_many(*, offices, seeds, actor=None) -> None:
    """`article_seed` of every seed for many new offices at once (the bulk set-up)."""
    have = set(
        Article.objects.filter(office__in=offices)
        .exclude(seed_key="")
        .values_list("office_id", "seed_key")
    )
    articles = [
        _seeded(office=office, seed=seed, actor=actor)
        for office in offices
        for seed in seeds
        if (office.pk, seed.key) not in have
    ]
    Article.objects.bulk_create(articles, batch_size=500)
    audit_record_many([_seeded_entry(article, actor=actor) for article in articles])
