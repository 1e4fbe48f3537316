"""Forms of the early warning. They validate input and hand services their values; the
services enforce the rules (and say why in Indonesian)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core import clock
from apps.core.forms import LongTextField
from apps.offices.models import Agency, Section

from .models import (
    TEXT_LIMITS,
    AlertSettings,
    EmergencyContact,
    EvacuationPoint,
    ReadinessAsset,
    ReadinessItem,
)
from .services import AlertInput, IncidentInput
from .uploads import ALLOWED_LABEL, MAX_BYTES, MAX_MEGABYTES, MAX_PHOTOS, Photo
from .values import Certainty, Hazard, Scope, Severity, Urgency, VillageState

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """The phone's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL_INPUT)


def _local(moment):
    return timezone.localtime(moment).replace(second=0, microsecond=0) if moment else None


class VillagesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


class AlertForm(forms.Form):
    """The content of an alert: drafting, editing a draft, publishing an update."""

    hazard = forms.ChoiceField(label=_("hazard"), choices=Hazard.choices)
    severity = forms.ChoiceField(
        label=_("severity"), choices=Severity.choices, initial=Severity.MODERATE
    )
    urgency = forms.ChoiceField(
        label=_("urgency"), choices=Urgency.choices, initial=Urgency.EXPECTED
    )
    certainty = forms.ChoiceField(
        label=_("certainty"), choices=Certainty.choices, initial=Certainty.LIKELY
    )
    headline = forms.CharField(
        label=_("headline"),
        max_length=TEXT_LIMITS["headline"],
        help_text=_("One line villagers read first, for example: Sungai Balangan meluap."),
    )
    description = LongTextField(
        label=_("what is happening"), rows=4, max_length=TEXT_LIMITS["description"]
    )
    instruction = LongTextField(
        label=_("instructions for villagers"),
        rows=3,
        max_length=TEXT_LIMITS["instruction"],
        required=False,
        help_text=_("What to do now: move livestock, prepare to evacuate, avoid the river…"),
    )
    area_description = forms.CharField(
        label=_("area"),
        max_length=TEXT_LIMITS["area_description"],
        required=False,
        help_text=_("Optional: the part of the villages concerned, for example: bantaran sungai."),
    )
    all_villages = forms.BooleanField(label=_("all villages and the kelurahan"), required=False)
    villages = VillagesField(label=_("target villages"), queryset=None, required=False)
    effective = forms.DateTimeField(
        label=_("effective from"),
        required=False,
        widget=LocalDateTimeInput,
        help_text=_("Empty: from the moment it is issued."),
    )
    expires = forms.DateTimeField(label=_("expires"), widget=LocalDateTimeInput)
    ack_minutes = forms.IntegerField(
        label=_("minutes to acknowledge"),
        required=False,
        min_value=5,
        max_value=4320,
        help_text=_("Empty: 30 minutes for extreme and severe alerts, 4 hours otherwise."),
    )
    scope = forms.ChoiceField(label=_("audience"), choices=Scope.choices, initial=Scope.PUBLIC)
    is_exercise = forms.BooleanField(label=_("exercise (simulation)"), required=False)

    def __init__(self, *args, villages, alert=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if alert is not None:
            initial = {
                "hazard": alert.hazard,
                "severity": alert.severity,
                "urgency": alert.urgency,
                "certainty": alert.certainty,
                "headline": alert.headline,
                "description": alert.description,
                "instruction": alert.instruction,
                "area_description": alert.area_description,
                "all_villages": alert.all_villages,
                "villages": list(alert.villages.all()) if alert.pk else [],
                "effective": _local(alert.effective),
                "expires": _local(alert.expires),
                "ack_minutes": alert.ack_minutes,
                "scope": alert.scope,
                "is_exercise": alert.is_exercise,
                **initial,
            }
        else:
            initial.setdefault("expires", _local(clock.now() + timedelta(hours=12)))
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["villages"].queryset = villages

    def clean(self):
        data = super().clean()
        if data.get("effective") and data.get("expires") and data["expires"] <= data["effective"]:
            self.add_error("expires", _("An alert expires after it takes effect."))
        return data

    def alert_input(self) -> AlertInput:
        data = self.cleaned_data
        return AlertInput(
            hazard=data["hazard"],
            severity=data["severity"],
            urgency=data["urgency"],
            certainty=data["certainty"],
            headline=data["headline"],
            description=data["description"],
            instruction=data["instruction"],
            area_description=data["area_description"],
            all_villages=data["all_villages"],
            villages=list(data["villages"] or []),
            effective=data["effective"],
            expires=data["expires"],
            ack_minutes=data["ack_minutes"],
            scope=data["scope"],
            is_exercise=data["is_exercise"],
        )


class AlertUpdateForm(AlertForm):
    change_note = LongTextField(
        label=_("what changed"),
        rows=2,
        max_length=TEXT_LIMITS["note"],
        help_text=_("One or two sentences the villages read first, for example: air naik 30 cm."),
    )

    field_order = ["change_note"]


class CancelForm(forms.Form):
    reason = LongTextField(
        label=_("reason"),
        rows=2,
        max_length=TEXT_LIMITS["reason"],
        help_text=_("The villages read it, for example: air sudah surut, keadaan aman."),
    )


class AcknowledgeForm(forms.Form):
    state = forms.ChoiceField(
        label=_("state of the village"), choices=VillageState.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("note"),
        max_length=TEXT_LIMITS["note"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what you see, for example: air masuk ke 12 rumah di RT 02."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CAP file"), required=False, help_text=_("An .xml or .cap file.")
    )
    text = forms.CharField(
        label=_("or paste the XML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > 256 * 1024:
                raise ValidationError(
                    _("The file is larger than 256 KB; a CAP message is a few kilobytes.")
                )
            data["data"] = upload.read()
        elif data.get("text", "").strip():
            data["data"] = data["text"].strip().encode("utf-8")
        else:
            raise ValidationError(_("Upload a CAP file or paste its XML."))
        return data


# --- Incidents ------------------------------------------------------------------------------


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _photos_help():
    return gettext("%(types)s; at most %(count)s photos, up to %(size)s MB each.") % {
        "types": ALLOWED_LABEL,
        "count": MAX_PHOTOS,
        "size": MAX_MEGABYTES,
    }


class PhotosField(forms.FileField):
    widget = MultiplePhotoInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(_photos_help, str)())
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {
                "accept": "image/jpeg,image/png",
                "data-max-files": MAX_PHOTOS,
                "data-max-bytes": MAX_BYTES,
                "data-too-many": lazy(
                    lambda: (
                        gettext("You chose %(chosen)s files: choose at most %(count)s.")
                        % {"chosen": "{chosen}", "count": MAX_PHOTOS}
                    ),
                    str,
                )(),
                "data-too-large": lazy(
                    lambda: (
                        gettext("“%(name)s” is larger than %(size)s MB.")
                        % {"name": "{name}", "size": MAX_MEGABYTES}
                    ),
                    str,
                )(),
            }
        )

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                gettext("Send at most %(count)s photos at once.") % {"count": MAX_PHOTOS}
            )
        checked = []
        for upload in files:
            try:
                checked.append(Photo.check(upload))
            except Exception as error:  # DomainError: its message says what to change
                raise ValidationError(getattr(error, "message", str(error))) from error
        return checked


class IncidentForm(forms.Form):
    village = forms.ModelChoiceField(label=_("village"), queryset=None)
    hazard = forms.ChoiceField(label=_("what happened"), choices=Hazard.choices)
    occurred_at = forms.DateTimeField(label=_("when it happened"), widget=LocalDateTimeInput)
    place = forms.CharField(
        label=_("place"),
        max_length=255,
        help_text=_("Hamlet, RT, road or landmark, for example: RT 03 dekat jembatan."),
    )
    latitude = forms.DecimalField(
        label=_("latitude"), required=False, max_digits=9, decimal_places=6,
        min_value=-90, max_value=90,
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("longitude"), required=False, max_digits=9, decimal_places=6,
        min_value=-180, max_value=180,
    )  # fmt: skip
    description = LongTextField(
        label=_("what happened"), rows=4, max_length=TEXT_LIMITS["description"]
    )
    people_affected = forms.IntegerField(label=_("people affected"), min_value=0, initial=0)
    people_displaced = forms.IntegerField(label=_("people displaced"), min_value=0, initial=0)
    houses_damaged = forms.IntegerField(label=_("houses damaged"), min_value=0, initial=0)
    facilities_damaged = LongTextField(
        label=_("facilities damaged"),
        rows=2,
        max_length=TEXT_LIMITS["facilities_damaged"],
        required=False,
        help_text=_("Roads, bridges, schools, places of worship, the health post…"),
    )
    needs = LongTextField(
        label=_("immediate needs"),
        rows=2,
        max_length=TEXT_LIMITS["needs"],
        required=False,
        help_text=_("Food, clean water, tents, medicine, a boat…"),
    )
    alert = forms.ModelChoiceField(label=_("linked alert"), queryset=None, required=False)
    photos = PhotosField(label=_("photos"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, villages, alerts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        only = list(villages[:2])
        if len(only) == 1:
            self.fields["village"].initial = only[0].pk
        self.fields["alert"].queryset = alerts
        self.fields["alert"].label_from_instance = lambda a: f"{a.code} · {a.headline}"
        self.fields["occurred_at"].initial = _local(clock.now())

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        return data

    def incident_input(self) -> IncidentInput:
        data = self.cleaned_data
        return IncidentInput(
            village=data["village"],
            hazard=data["hazard"],
            occurred_at=data["occurred_at"],
            place=data["place"],
            description=data["description"],
            people_affected=data["people_affected"],
            people_displaced=data["people_displaced"],
            houses_damaged=data["houses_damaged"],
            facilities_damaged=data["facilities_damaged"],
            needs=data["needs"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            alert=data["alert"],
        )


class IncidentStepForm(forms.Form):
    """A form of one incident step (`workflow.INCIDENT_STEPS`), built for one incident."""

    def __init__(self, *args, incident, **kwargs):
        self.incident = incident
        super().__init__(*args, **kwargs)

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class IncidentReasonForm(IncidentStepForm):
    reason = LongTextField(label=_("reason"), rows=2, max_length=TEXT_LIMITS["reason"])


class IncidentReferForm(IncidentStepForm):
    agency = forms.ModelChoiceField(label=_("agency"), queryset=None)
    letter_number = forms.CharField(label=_("letter number"), max_length=80, required=False)
    note = LongTextField(label=_("note"), rows=2, max_length=TEXT_LIMITS["note"], required=False)

    def __init__(self, *args, default_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            office_id=self.incident.office_id, is_active=True
        )
        self.fields["agency"].label_from_instance = lambda a: f"{a.name} ({a.short_name})"
        if default_agency is not None:
            self.fields["agency"].initial = default_agency.pk


class IncidentOutcomeForm(IncidentStepForm):
    outcome = LongTextField(label=_("outcome"), rows=3, max_length=TEXT_LIMITS["outcome"])


class IncidentCloseForm(IncidentStepForm):
    note = LongTextField(label=_("how it was handled"), rows=2, max_length=TEXT_LIMITS["note"])


# --- Readiness ------------------------------------------------------------------------------


class EmergencyContactForm(forms.ModelForm):
    class Meta:
        model = EmergencyContact
        fields = ["name", "position", "phone", "is_primary", "note"]


class EvacuationPointForm(forms.ModelForm):
    class Meta:
        model = EvacuationPoint
        fields = ["name", "address", "capacity", "latitude", "longitude", "note"]

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        return data


class ReadinessAssetForm(forms.ModelForm):
    class Meta:
        model = ReadinessAsset
        fields = ["kind", "description", "quantity", "condition", "keeper", "note"]


# The kinds of readiness record a village keeps, by the word in their address.
RECORD_FORMS = {
    "kontak": EmergencyContactForm,
    "titik-evakuasi": EvacuationPointForm,
    "aset": ReadinessAssetForm,
}


class ChecklistForm(forms.Form):
    """The whole checklist at once: saving it is reviewing it (today's date on every item)."""

    def __init__(self, *args, checks=None, **kwargs):
        super().__init__(*args, **kwargs)
        checks = checks or {}
        for value in ReadinessItem.values:
            found = checks.get(value)
            self.fields[f"{value}__in_place"] = forms.BooleanField(
                label=_("in place"), required=False, initial=bool(found and found.in_place)
            )
            self.fields[f"{value}__note"] = forms.CharField(
                label=_("note"),
                required=False,
                max_length=255,
                initial=found.note if found else "",
            )

    def items(self) -> dict[str, tuple[bool, str]]:
        return {
            value: (self.cleaned_data[f"{value}__in_place"], self.cleaned_data[f"{value}__note"])
            for value in ReadinessItem.values
        }

    def rows(self):
        return [
            (label, self[f"{value}__in_place"], self[f"{value}__note"])
            for value, label in ReadinessItem.choices
        ]


# --- The office's settings (a kind on the Kelola pages) -------------------------------------


class AlertSettingsForm(forms.ModelForm):
    class Meta:
        model = AlertSettings
        fields = ["issuing_section", "ack_minutes_severe", "ack_minutes_other", "referral_agency"]

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_section"].queryset = Section.objects.filter(
            office=office, is_active=True
        )
        self.fields["referral_agency"].queryset = Agency.objects.filter(
            office=office, is_active=True
        )
