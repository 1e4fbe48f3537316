from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DocumentsField, LongTextField
from apps.offices.models import Office

from .models import FigureSpec, ObligationType
from .services import NOTE_LIMIT, figure_field


class ObligationTypeForm(forms.ModelForm):
    class Meta:
        model = ObligationType
        fields = [
            "name",
            "code",
            "section",
            "period",
            "only_period",
            "deadline_days",
            "deadline_anchor",
            "file_required",
            "starts_on",
            "legal_note",
            "order",
            "is_active",
        ]
        widgets = {
            "legal_note": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = office.sections.filter(is_active=True)


class FigureSpecForm(forms.ModelForm):
    class Meta:
        model = FigureSpec
        fields = [
            "obligation",
            "name",
            "code",
            "unit",
            "min_value",
            "max_value",
            "at_most",
            "required",
            "order",
        ]

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obligation"].queryset = office.obligation_types.all()
        self.fields["at_most"].queryset = FigureSpec.objects.filter(office=office).select_related(
            "obligation"
        )

    def clean(self):
        data = super().clean()
        ceiling, obligation = data.get("at_most"), data.get("obligation")
        if (
            ceiling is not None
            and obligation is not None
            and ceiling.obligation_id != obligation.pk
        ):
            self.add_error("at_most", _("Choose a figure of the same report."))
        return data


class ReportForm(forms.Form):
    """A village's report for one period: its figures, its documents, a note. The figures are
    fields built from the obligation (`figure_<code>`), with their limits shown and checked
    on the phone; the service checks them again (the API takes the same path)."""

    def __init__(self, *args, obligation: ObligationType, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        self.specs = list(obligation.figures.select_related("at_most"))
        values = {fv.spec_id: fv.value for fv in submission.values.all()} if submission else {}
        for spec in self.specs:
            help_parts = []
            if spec.unit:
                help_parts.append(spec.unit)
            if spec.at_most_id:
                help_parts.append(_("at most “%(name)s”") % {"name": spec.at_most.name})
            field = forms.DecimalField(
                label=spec.name,
                required=False,
                min_value=spec.min_value,
                max_value=spec.max_value,
                max_digits=16,
                decimal_places=2,
                help_text=" · ".join(str(p) for p in help_parts),
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
            field.required_on_submit = spec.required
            self.fields[figure_field(spec.code)] = field
            if spec.pk in values:
                self.initial[figure_field(spec.code)] = values[spec.pk].normalize()
        self.fields["files"] = DocumentsField(
            label=_("report document") if obligation.file_required else _("documents (optional)")
        )
        self.fields["note"] = LongTextField(
            label=_("note for the section"), rows=3, max_length=NOTE_LIMIT, required=False
        )
        if submission is not None:
            self.initial["note"] = submission.note

    @property
    def figure_fields(self):
        return [self[figure_field(spec.code)] for spec in self.specs]

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "figures": {spec.code: data.get(figure_field(spec.code)) for spec in self.specs},
            "files": data.get("files") or [],
            "note": data.get("note", ""),
        }


class ReviewForm(forms.Form):
    note = LongTextField(
        label=_("note for the village"),
        rows=3,
        max_length=NOTE_LIMIT,
        required=False,
        help_text=_("Required when you return the report: say what to correct."),
    )
