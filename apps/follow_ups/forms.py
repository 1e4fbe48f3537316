from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DocumentsField, LongTextField

from .models import TEXT_LIMITS, FollowUpOwner
from .services import FollowUpInput


class CompleteFollowUpForm(forms.Form):
    note = LongTextField(label=_("what was done"), max_length=TEXT_LIMITS["note"])
    evidence = DocumentsField(label=_("evidence"))


class FollowUpItemForm(forms.Form):
    """One action with its owner and due date, for any source: the owners offered are the
    office's active sections, agencies and (where the source allows) villages."""

    action = forms.CharField(label=_("action"), max_length=TEXT_LIMITS["action"])
    owner_kind = forms.ChoiceField(
        label=_("owner"),
        choices=FollowUpOwner.choices,
        widget=forms.Select(attrs={"data-owner-choice": ""}),
    )
    owner_section = forms.ModelChoiceField(label=_("section"), queryset=None, required=False)
    owner_agency = forms.ModelChoiceField(label=_("agency"), queryset=None, required=False)
    owner_village = forms.ModelChoiceField(label=_("village"), queryset=None, required=False)
    due_date = forms.DateField(label=_("due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, office, villages=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_section"].queryset = office.sections.filter(is_active=True)
        self.fields["owner_agency"].queryset = office.agencies.filter(is_active=True)
        self.fields["owner_agency"].label_from_instance = lambda agency: (
            f"{agency.name} ({agency.short_name})" if agency.short_name else agency.name
        )
        if villages:
            self.fields["owner_village"].queryset = office.villages.all()
        else:
            del self.fields["owner_village"]

    def item(self) -> FollowUpInput:
        return FollowUpInput(**self.cleaned_data)
