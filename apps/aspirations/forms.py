from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import LongTextField
from apps.offices.models import Urgency

from .models import TEXT_LIMITS
from .photos import ALLOWED_LABEL, MAX_MEGABYTES

HONEYPOT = "website"


class AspirationForm(forms.Form):
    """The public form. `website` is a honeypot: hidden from people (and from screen readers),
    filled in only by robots that fill in every field; such a form is refused."""

    village = forms.ModelChoiceField(label=_("village concerned"), queryset=None)
    category = forms.ModelChoiceField(label=_("category"), queryset=None)
    title = forms.CharField(label=_("title"), max_length=TEXT_LIMITS["title"])
    text = LongTextField(label=_("your aspiration"), rows=6, max_length=TEXT_LIMITS["text"])
    photo = forms.FileField(
        label=_("photo (optional)"),
        required=False,
        help_text=_("%(types)s, up to %(size)s MB. Its location and camera data are removed.")
        % {"types": ALLOWED_LABEL, "size": MAX_MEGABYTES},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    anonymous = forms.BooleanField(
        label=_("send anonymously: my name and contact are not kept"), required=False
    )
    name = forms.CharField(label=_("name (optional)"), max_length=TEXT_LIMITS["name"],
                           required=False)  # fmt: skip
    contact = forms.CharField(
        label=_("phone or e-mail (optional)"),
        max_length=TEXT_LIMITS["contact"],
        required=False,
        help_text=_("Only the office sees it, to ask you about your aspiration."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        villages = office.villages.order_by("kind", "name") if office else None
        categories = office.categories.filter(is_active=True) if office else None
        self.fields["village"].queryset = villages
        self.fields["category"].queryset = categories

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT):
            raise ValidationError(
                _(
                    "Your aspiration could not be accepted. Empty the field “Leave this field "
                    "empty” and send again."
                ),
                code="honeypot",
            )
        return data

    @property
    def filled_honeypot(self) -> bool:
        return any(e.code == "honeypot" for e in self.non_field_errors().as_data())


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("tracking code"),
        max_length=24,
        widget=forms.TextInput(
            attrs={"placeholder": "ASP-XXXX-XXXX", "autocapitalize": "characters"}
        ),
    )


class StepForm(forms.Form):
    def __init__(self, *args, aspiration, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspiration = aspiration

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class AnswerForm(StepForm):
    answer = LongTextField(
        label=_("public answer"),
        rows=5,
        max_length=TEXT_LIMITS["answer"],
        help_text=_("The citizen reads it with the tracking code."),
    )


class RejectForm(StepForm):
    reason = LongTextField(
        label=_("reason"),
        max_length=TEXT_LIMITS["reason"],
        help_text=_("The citizen reads it with the tracking code."),
    )


class MakeCaseForm(StepForm):
    village = forms.ModelChoiceField(label=_("village"), queryset=None)
    category = forms.ModelChoiceField(label=_("category"), queryset=None)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices,
                                initial=Urgency.MEDIUM)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        office = self.aspiration.office
        self.fields["village"].queryset = office.villages.order_by("kind", "name")
        self.fields["village"].initial = self.aspiration.village_id
        self.fields["category"].queryset = office.categories.filter(is_active=True)
        self.fields["category"].initial = self.aspiration.category_id
