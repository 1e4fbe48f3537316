"""The Python-built widgets draw exactly what Django's templates draw."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from apps.core.renderers import FormRenderer


class Everything(forms.Form):
    text = forms.CharField(initial='a "quoted" <b>name</b> & more', max_length=40)
    empty = forms.CharField(required=False, widget=forms.TextInput(attrs={"autofocus": True}))
    number = forms.IntegerField(initial=7, min_value=1)
    email = forms.EmailField(required=False)
    when = forms.DateField(initial=datetime.date(2026, 11, 29), widget=forms.DateInput())
    secret = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    hidden = forms.CharField(initial="x<y", widget=forms.HiddenInput())
    agree = forms.BooleanField(initial=True, required=False)
    refused = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"x": False}))
    choice = forms.ChoiceField(
        initial="b",
        choices=[("", "—"), ("a", "Alpha & <Omega>"), ("b", mark_safe("<em>Beta</em>"))],
    )
    grouped = forms.ChoiceField(
        choices=[("Desa", [("1", "Lok Batu"), ("2", "Murung Abuin")]), ("3", "Kelurahan")],
        initial="2",
    )
    several = forms.MultipleChoiceField(
        choices=[(1, "one"), (2, "two"), (3, "three")], initial=[1, 3]
    )
    maybe = forms.NullBooleanField(initial=None)
    story = forms.CharField(initial="line 1\n</textarea><script>", widget=forms.Textarea)
    blank = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


@pytest.mark.parametrize("bound", [False, True])
def test_every_widget_is_drawn_as_django_draws_it(bound):
    data = {
        "text": "<i>typed</i>",
        "number": "12",
        "when": "2026-13-01",
        "agree": "on",
        "choice": "a",
        "grouped": "3",
        "several": ["2"],
        "maybe": "true",
        "story": "a & b",
        "radio": "b",
    }
    ours = Everything(data if bound else None, renderer=FormRenderer())
    django = Everything(data if bound else None, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(ours[name]) == str(django[name]), name


def test_is_the_projects_renderer(settings):
    assert settings.FORM_RENDERER == "apps.core.renderers.FormRenderer"
