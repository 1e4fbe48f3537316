from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DocumentsField, LongTextField
from apps.follow_ups.forms import FollowUpItemForm

from .models import TEXT_LIMITS, Availability, AvailabilityException, MeetingKind, Room
from .services import AgendaInput

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("type"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("ends"), widget=DATETIME)
    section = forms.ModelChoiceField(label=_("organising section"), queryset=None)
    room = forms.ModelChoiceField(label=_("room"), queryset=None, required=False)
    place = forms.CharField(label=_("place (when not in a room)"), max_length=200, required=False)
    villages = forms.ModelMultipleChoiceField(
        label=_("invited villages"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("invited staff"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(
        label=_("agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line: title | presenter | minutes."),
    )
    description = LongTextField(
        label=_("description"), max_length=TEXT_LIMITS["description"], required=False
    )
    is_public = forms.BooleanField(label=_("show on the public page"), required=False)

    def __init__(self, *args, office, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = office.sections.filter(is_active=True)
        self.fields["room"].queryset = office.rooms.filter(is_active=True)
        self.fields["villages"].queryset = office.villages.all()
        self.fields["people"].queryset = staff
        self.fields["people"].label_from_instance = lambda user: user.get_full_name()

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        agenda = []
        for line in (data.pop("agenda") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if parts and parts[0]:
                minutes = parts[2] if len(parts) > 2 and parts[2].isdigit() else None
                agenda.append(
                    AgendaInput(
                        parts[0], parts[1] if len(parts) > 1 else "", minutes and int(minutes)
                    )
                )
        data["agenda"] = agenda
        data["villages"] = list(data["villages"])
        data["people"] = list(data["people"])
        return data


class ReasonForm(forms.Form):
    reason = LongTextField(label=_("reason"), max_length=TEXT_LIMITS["reason"])


class MinutesForm(forms.Form):
    minutes = LongTextField(
        label=_("minutes"),
        rows=10,
        max_length=TEXT_LIMITS["minutes"],
        help_text=_("Markdown: **bold**, lists with -, headings with ###."),
    )
    photos = DocumentsField(label=_("photos of the activity"))


class DecisionForm(FollowUpItemForm):
    """One decision of the meeting, tracked on the follow-up board."""


class ConsultationBookForm(forms.Form):
    section = forms.ModelChoiceField(label=_("section"), queryset=None)
    starts_at = forms.ChoiceField(label=_("time"), choices=())
    topic = LongTextField(label=_("topic"), max_length=TEXT_LIMITS["topic"])
    case_ref = forms.ChoiceField(label=_("about one of our cases (optional)"), required=False)

    def __init__(self, *args, sections, slots, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["starts_at"].choices = [
            (moment.isoformat(), timezone.localtime(moment).strftime("%d-%m-%Y %H:%M"))
            for day in slots
            for moment in day.slots
        ]
        self.fields["case_ref"].choices = [("", "—"), *cases]

    def clean_starts_at(self):
        return datetime.fromisoformat(self.cleaned_data["starts_at"])


class ProposeForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("new time"), widget=DATETIME)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "location", "capacity", "is_active"]


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = ["section", "weekday", "start_time", "end_time", "room", "is_active"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = office.sections.all()
        self.fields["room"].queryset = office.rooms.all()


class AvailabilityExceptionForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["date", "section", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = office.sections.all()
