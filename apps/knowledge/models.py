"""The knowledge base (pustaka): SOPs, the legal basis, letter templates and answers.

An article belongs to one office; who may read it follows its visibility (public, every
village of the office, the office's staff) and whether it is published (`policy.py`). An
answer may be published from a resolved case and keeps the link to it (staff see it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case
from apps.core import clock
from apps.offices.models import Category, Office

BODY_LIMIT = 20000
SUMMARY_LIMIT = 300


class Kind(models.TextChoices):
    SOP = "sop", _("Standard operating procedure (SOP)")
    LEGAL = "dasar_hukum", _("Legal basis")
    TEMPLATE = "templat_surat", _("Letter template")
    ANSWER = "jawaban", _("Answer (FAQ)")


class Visibility(models.TextChoices):
    PUBLIC = "publik", _("Public: anyone, without logging in")
    VILLAGES = "desa", _("All villages: village officials and the office's staff")
    STAFF = "staf", _("Staff only: the office's staff")


class Status(models.TextChoices):
    DRAFT = "draf", _("Draft")
    PUBLISHED = "terbit", _("Published")


class Article(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="articles")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=SUMMARY_LIMIT, blank=True)
    body = models.TextField(_("text (Markdown)"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    visibility = models.CharField(
        _("who may read it"), max_length=8, choices=Visibility.choices, default=Visibility.STAFF
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    # The resolved case an answer was published from; staff follow the link, nobody else
    # sees it.
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the search reads: title, summary and text, lower case, without accents.
    search_text = models.TextField(editable=False, default="")
    # The seeded articles (the RUKO SOP, the legal basis…) carry a key so that setting an
    # office up again adds nothing twice.
    seed_key = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["kind", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "seed_key"],
                condition=~models.Q(seed_key=""),
                name="knowledge_article_unique_seed_key",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draf") | models.Q(published_at__isnull=False),
                name="knowledge_article_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["office", "status", "visibility"])]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


def article_file_path(instance, filename):
    # The stored name says nothing about the content: files are served through a view.
    return f"knowledge/{instance.article.office_id}/{instance.article_id}/{instance.token}"


class ArticleFile(models.Model):
    """A document attached to an article (a letter template as DOCX, a regulation as PDF)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="files")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=article_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
