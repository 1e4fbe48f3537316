from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DocumentsField, LongTextField

from .models import BODY_LIMIT, SUMMARY_LIMIT, Kind, Status, Visibility


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("summary"),
        max_length=SUMMARY_LIMIT,
        required=False,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    body = LongTextField(
        label=_("text"),
        rows=14,
        max_length=BODY_LIMIT,
        help_text=_("Markdown: ## heading, **bold**, - list, 1. numbered list."),
    )
    category = forms.ModelChoiceField(label=_("category"), queryset=None, required=False)
    visibility = forms.ChoiceField(
        label=_("who may read it"), choices=Visibility.choices, initial=Visibility.STAFF
    )
    status = forms.ChoiceField(label=_("status"), choices=Status.choices, initial=Status.DRAFT)
    files = DocumentsField(label=_("attached files"))
    remove_files = forms.ModelMultipleChoiceField(
        label=_("remove these files"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, categories, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if article is not None and article.pk:
            self.fields["remove_files"].queryset = article.files.all()
        else:
            self.fields.pop("remove_files")

    def values(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("kind", "title", "summary", "body", "category",
                                     "visibility", "status")}  # fmt: skip


class CaseAnswerForm(ArticleForm):
    """A resolved case's answer as an article: the kind is an answer; the officer confirms
    having removed the personal data."""

    personal_data_removed = forms.BooleanField(
        label=_("I removed the personal data (names, phone numbers, NIK, addresses)"),
        required=True,
        error_messages={"required": _("Confirm that you removed the personal data from the text.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("kind")
        self.fields["visibility"].initial = Visibility.VILLAGES

    def values(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("title", "summary", "body", "category", "visibility",
                                     "status")}  # fmt: skip


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("all kinds")), *Kind.choices]
    )
    category = forms.ModelChoiceField(
        label=_("category"), queryset=None, required=False, empty_label=_("all categories")
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("all")), *Status.choices]
    )

    def __init__(self, *args, categories, sees_drafts: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["q"].widget.attrs["type"] = "search"
        if not sees_drafts:
            self.fields.pop("status")
