from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.core.uploads import without_metadata

from .models import Agency, Category, Holiday, Office, Section, SlaRule, Village

LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
LOGO_MAX_BYTES = 512 * 1024


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = [
            "name",
            "case_prefix",
            "address",
            "phone",
            "email",
            "website",
            "letterhead",
            "logo",
            "head_name",
            "head_rank",
            "head_nip",
        ]
        # A plain file input: the stored logo has no public URL (it is streamed by a view).
        widgets = {
            "letterhead": forms.Textarea(attrs={"rows": 4}),
            "logo": forms.FileInput,
            "case_prefix": forms.TextInput(attrs={"autocapitalize": "characters", "size": 12}),
        }

    def clean_case_prefix(self):
        return self.cleaned_data["case_prefix"].strip().upper()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 512 KB."))
        head = logo.read(8)
        logo.seek(0)
        extension = next(
            (ext for sig, ext in LOGO_SIGNATURES.items() if head.startswith(sig)), None
        )
        if extension is None:
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        mime = "image/png" if extension == "png" else "image/jpeg"
        try:  # drawn again from its pixels: no metadata, nothing but an image
            return without_metadata(logo, mime, name=f"logo.{extension}", field="logo")
        except DomainError as error:  # the name is never the uploaded one (logo.html…)
            raise forms.ValidationError(error.message) from error


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "short_name", "description", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "default_section", "description", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_section"].queryset = office.sections.filter(is_active=True)


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "email", "phone", "is_active"]


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["head_name", "address", "phone", "email"]


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "kind"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SlaRuleForm(forms.ModelForm):
    class Meta:
        model = SlaRule
        fields = ["category", "urgency", "verify_days", "answer_days"]

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = office.categories.all()
        self.fields["category"].empty_label = _("All categories")
