from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, Category, Office, Section, Village

LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
LOGO_MAX_BYTES = 512 * 1024


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = [
            "name",
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
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 4}), "logo": forms.FileInput}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 512 KB."))
        head = logo.read(8)
        logo.seek(0)
        if not any(head.startswith(sig) for sig in LOGO_SIGNATURES):
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        return logo


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
