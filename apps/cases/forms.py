from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts import policy as scope
from apps.core.forms import DocumentsField, LongTextField
from apps.follow_ups.models import FollowUpOwner
from apps.offices.directory import use_directory_choices
from apps.offices.models import Urgency

from . import policy
from .models import TEXT_LIMITS, ResponseTemplate
from .services import FollowUpInput


class CaseSubmitForm(forms.Form):
    category = forms.ModelChoiceField(label=_("category"), queryset=None)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM)
    title = forms.CharField(
        label=_("title"), max_length=200, help_text=_("The problem in one sentence.")
    )
    description = LongTextField(
        label=_("description"),
        rows=6,
        max_length=TEXT_LIMITS["description"],
        help_text=_("What happened, since when, what the village has tried, what help it needs."),
    )
    attachments = DocumentsField(label=_("attachments"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class StepForm(forms.Form):
    """A form of one workflow step (`workflow.Step.form`). It is built for one case, so it
    picks its own choices (the case's office's sections, agencies, officers), and hands the
    step's service its keyword arguments with `service_values()`."""

    def __init__(self, *args, case, user=None, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)

    def service_values(self) -> dict:
        return dict(self.cleaned_data)

    @property
    def sections(self):
        return self.case.office.sections.filter(is_active=True)

    @property
    def agencies(self):
        return self.case.office.agencies.filter(is_active=True)

    def name_agencies_in_full(self, field: str) -> None:
        """An officer picks an agency by its full name; the short name follows."""
        self.fields[field].label_from_instance = lambda agency: (
            f"{agency.name} ({agency.short_name})" if agency.short_name else agency.name
        )

    def from_directory(self, field: str, queryset, name: str) -> None:
        """The field's choices from the office's directory, listed once per version."""
        use_directory_choices(
            self.fields[field], office=self.case.office, name=name, queryset=queryset
        )


class ReasonForm(StepForm):
    reason = LongTextField(label=_("reason"), max_length=TEXT_LIMITS["reason"])


class ResubmitForm(StepForm):
    description = LongTextField(
        label=_("description with the missing information"),
        rows=6,
        max_length=TEXT_LIMITS["description"],
    )
    attachments = DocumentsField(label=_("attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].initial = self.case.description


class DisposeForm(StepForm):
    section = forms.ModelChoiceField(label=_("section"), queryset=None)
    instruction = LongTextField(label=_("instruction"), max_length=TEXT_LIMITS["instruction"])
    officer = forms.ModelChoiceField(label=_("officer (optional)"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.from_directory("section", self.sections, "sections")
        self.fields["section"].initial = self.case.section or self.case.category.default_section
        self.fields["officer"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({getattr(user, 'section_short_name', '') or '-'})"
        )
        self.from_directory("officer", scope.office_officer_users(self.case.office), "officers")


class AssignForm(StepForm):
    officer = forms.ModelChoiceField(label=_("officer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        officers = policy.case_officers(self.case)
        self.fields["officer"].queryset = officers
        # An officer of the section takes the case by default.
        if self.user is not None and officers.filter(pk=self.user.pk).exists():
            self.fields["officer"].initial = self.user.pk


class AnswerForm(StepForm):
    template = forms.ModelChoiceField(
        label=_("start from a template"), queryset=None, required=False
    )
    response = LongTextField(label=_("response"), rows=5, max_length=TEXT_LIMITS["response"])
    solution = LongTextField(
        label=_("solution"), rows=4, max_length=TEXT_LIMITS["solution"], required=False
    )
    follow_up_action = forms.CharField(label=_("action"), max_length=255, required=False)
    follow_up_owner = forms.ChoiceField(
        label=_("owner"),
        choices=[("", "—"), *FollowUpOwner.choices],
        required=False,
        widget=forms.Select(attrs={"data-owner-choice": ""}),
    )
    follow_up_section = forms.ModelChoiceField(label=_("section"), queryset=None, required=False)
    follow_up_agency = forms.ModelChoiceField(label=_("agency"), queryset=None, required=False)
    follow_up_due = forms.DateField(
        label=_("due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, template_id: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        templates = ResponseTemplate.objects.filter(
            office=self.case.office, category=self.case.category, is_active=True
        )
        self.fields["template"].queryset = templates
        self.from_directory("follow_up_section", self.sections, "sections")
        self.name_agencies_in_full("follow_up_agency")
        self.from_directory("follow_up_agency", self.agencies, "agencies-in-full")
        chosen = (
            templates.filter(pk=int(template_id)).first()
            if template_id and template_id.isdigit()
            else None
        )
        if chosen is not None:
            self.initial.update(
                {"template": chosen, "response": chosen.response, "solution": chosen.solution}
            )

    def clean(self):
        data = super().clean()
        if data.get("follow_up_action") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", _("Give the due date of the action."))
        if data.get("follow_up_action") and not data.get("follow_up_owner"):
            self.add_error("follow_up_owner", _("Choose who owns this action."))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        follow_ups = []
        if data.get("follow_up_action"):
            follow_ups.append(
                FollowUpInput(
                    action=data["follow_up_action"],
                    owner_kind=data["follow_up_owner"],
                    due_date=data["follow_up_due"],
                    owner_section=data.get("follow_up_section"),
                    owner_agency=data.get("follow_up_agency"),
                )
            )
        return {
            "response": data["response"],
            "solution": data["solution"],
            "follow_ups": follow_ups,
        }


class FollowUpForm(StepForm):
    action = forms.CharField(label=_("action"), max_length=255)
    owner_kind = forms.ChoiceField(
        label=_("owner"),
        choices=FollowUpOwner.choices,
        widget=forms.Select(attrs={"data-owner-choice": ""}),
    )
    owner_section = forms.ModelChoiceField(label=_("section"), queryset=None, required=False)
    owner_agency = forms.ModelChoiceField(label=_("agency"), queryset=None, required=False)
    due_date = forms.DateField(label=_("due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.from_directory("owner_section", self.sections, "sections")
        self.name_agencies_in_full("owner_agency")
        self.from_directory("owner_agency", self.agencies, "agencies-in-full")

    def service_values(self) -> dict:
        return {"item": FollowUpInput(**self.cleaned_data)}


class ReferForm(StepForm):
    agency = forms.ModelChoiceField(label=_("agency"), queryset=None)
    letter_number = forms.CharField(label=_("letter number"), max_length=80)
    note = LongTextField(label=_("note"), max_length=TEXT_LIMITS["referral_note"], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_agencies_in_full("agency")
        self.from_directory("agency", self.agencies, "agencies-in-full")


class OutcomeForm(StepForm):
    outcome = LongTextField(label=_("outcome of the referral"), max_length=TEXT_LIMITS["outcome"])


class ConfirmForm(StepForm):
    rating = forms.TypedChoiceField(
        label=_("rating"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – fair")),
            (2, _("2 – dissatisfied")),
            (1, _("1 – very dissatisfied")),
        ],
    )
    comment = LongTextField(
        label=_("comment"), max_length=TEXT_LIMITS["rating_comment"], required=False
    )


class CommentForm(StepForm):
    body = LongTextField(label=_("comment"), max_length=TEXT_LIMITS["comment"])
    internal = forms.BooleanField(
        label=_("internal note (the village does not see it)"), required=False
    )


class SharedIssueForm(forms.Form):
    title = forms.CharField(label=_("title of the shared issue"), max_length=200)
    cases = forms.ModelMultipleChoiceField(
        label=_("cases"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases


class SharedAnswerForm(forms.Form):
    response = LongTextField(label=_("response"), rows=5, max_length=TEXT_LIMITS["response"])
    solution = LongTextField(
        label=_("solution"), rows=4, max_length=TEXT_LIMITS["solution"], required=False
    )


class ResponseTemplateForm(forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["category", "title", "response", "solution", "is_active"]
        widgets = {
            "response": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = office.categories.all()
