"""Pages of the knowledge base: the list with its search and filters (anyone), the article
page, the staff's edit pages, publishing a resolved case's answer, and the suggestions the
case form shows while a village types. Views validate a form, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.accounts import policy as scope
from apps.cases import policy as case_policy
from apps.core.errors import DomainError
from apps.core.files import private_file_response
from apps.core.forms import apply_domain_error

from . import forms, policy, selectors, services
from .models import ArticleFile
from .text import body_html

PER_PAGE = 20


def article_list(request):
    membership = request.membership
    sees_drafts = policy.sees_drafts(membership)
    form = forms.ArticleFilterForm(
        request.GET or None,
        categories=selectors.list_categories_for(membership),
        sees_drafts=sees_drafts,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    articles = selectors.article_list_for(
        membership=membership,
        q=filters.get("q") or "",
        kind=filters.get("kind") or "",
        category=filters.get("category"),
        status=filters.get("status") or "",
    )
    page = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "searching": bool(filters.get("q")),
        "can_write": policy.can_write(membership),
    }
    template = "knowledge/article_list.html"
    if request.htmx and request.htmx.target == "article-results":
        template += "#results"
    return render(request, template, context)


def article_detail(request, pk: int):
    membership = request.membership
    article = policy.article_get_for(membership, pk=pk)
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "article": article,
            "body": body_html(article.body),
            "files": article.files.all(),
            "can_edit": policy.can_edit(membership, article),
            "sees_case": policy.sees_case_link(membership, article),
        },
    )


def article_file(request, pk: int, token: str):
    article = policy.article_get_for(request.membership, pk=pk)
    item = get_object_or_404(ArticleFile, article=article, token=token)
    return private_file_response(
        item.file, download_name=item.original_name, content_type=item.content_type
    )


def _writer_or_404(request):
    if not policy.can_write(request.membership):
        raise Http404
    return request.membership


@login_required
def article_create(request):
    membership = _writer_or_404(request)
    form = forms.ArticleForm(
        request.POST or None,
        request.FILES or None,
        categories=scope.categories_for(membership).filter(is_active=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(
                acting=membership, values=form.values(), files=form.cleaned_data["files"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The article has been saved."))
            return redirect("knowledge:detail", pk=article.pk)
    return render(request, "knowledge/article_form.html", {"form": form, "article": None})


@login_required
def article_edit(request, pk: int):
    membership = _writer_or_404(request)
    article = policy.article_get_for(membership, pk=pk)
    if not policy.can_edit(membership, article):
        raise Http404
    initial = {
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "category": article.category_id,
        "visibility": article.visibility,
        "status": article.status,
    }
    form = forms.ArticleForm(
        request.POST or None,
        request.FILES or None,
        categories=scope.categories_for(membership),
        article=article,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_save(
                acting=membership,
                article=article,
                values=form.values(),
                files=form.cleaned_data["files"],
                remove_files=form.cleaned_data["remove_files"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The article has been saved."))
            return redirect("knowledge:detail", pk=article.pk)
    return render(request, "knowledge/article_form.html", {"form": form, "article": article})


@login_required
def article_from_case(request, key: str):
    """A resolved case's answer as a new article, its text cleaned of personal data first."""
    membership = request.membership
    case = case_policy.case_get_for(membership, key=key)
    if not policy.can_publish_case(membership, case):
        raise Http404
    form = forms.CaseAnswerForm(
        request.POST or None,
        request.FILES or None,
        categories=scope.categories_for(membership),
        initial=selectors.case_answer_draft(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_from_case(
                acting=membership,
                case=case,
                values=form.values(),
                personal_data_removed=form.cleaned_data["personal_data_removed"],
                files=form.cleaned_data["files"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The answer has been saved in the knowledge base."))
            return redirect("knowledge:detail", pk=article.pk)
    return render(request, "knowledge/article_from_case.html", {"form": form, "case": case})


def suggest(request):
    """The answers that may help, for the case form (htmx fragment; a plain page without)."""
    text = " ".join(request.GET.get(name, "")[:2000] for name in ("title", "description"))
    articles = selectors.suggestions_for(membership=request.membership, text=text)
    template = "knowledge/suggestions.html"
    if request.htmx:
        template += "#suggestions"
    return render(request, template, {"articles": articles, "text": text.strip()})
