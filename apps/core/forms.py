from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .uploads import ALLOWED_LABEL, MAX_BYTES, MAX_FILES, MAX_MEGABYTES, UploadedDocument


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form, next to its field when it names one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _limit_help(limit: int, extra=""):
    text = gettext("At most %(count)s characters.") % {"count": f"{limit:,}".replace(",", ".")}
    return f"{extra} {text}".strip() if extra else text


class LongTextField(forms.CharField):
    """A textarea with a length limit the person sees (the help text names it, the browser
    stops typing at it) and the server enforces."""

    def __init__(self, *, max_length: int, rows: int = 3, help_text="", **kwargs):
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
        kwargs["help_text"] = lazy(_limit_help, str)(max_length, help_text)
        super().__init__(max_length=max_length, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _help_text():
    """Translated when shown, in the reader's language (the field is built at import)."""
    return gettext("%(types)s; at most %(count)s files, up to %(size)s MB each.") % {
        "types": ALLOWED_LABEL,
        "count": MAX_FILES,
        "size": MAX_MEGABYTES,
    }


def _too_many_text():
    """What static/js/files.js says before sending; it fills in {chosen}."""
    return gettext("You chose %(chosen)s files: choose at most %(count)s.") % {
        "chosen": "{chosen}",
        "count": MAX_FILES,
    }


def _too_large_text():
    """What static/js/files.js says before sending; it fills in {name}."""
    return gettext("“%(name)s” is larger than 10 MB.") % {"name": "{name}"}


def _shrunk_text():
    """What static/js/files.js says after making a photo smaller on the phone."""
    return gettext("Photo made smaller for sending: %(before)s → %(after)s.") % {
        "before": "{before}",
        "after": "{after}",
    }


class DocumentsField(forms.FileField):
    """Several documents, each checked by content (PDF, JPEG, PNG, DOCX, XLSX, ≤ 10 MB)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(_help_text, str)())
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {
                "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx",
                # The limits, checked on the phone before anything is sent (static/js/files.js).
                "data-max-files": MAX_FILES,
                "data-max-bytes": MAX_BYTES,
                "data-too-many": lazy(_too_many_text, str)(),
                "data-too-large": lazy(_too_large_text, str)(),
                "data-shrunk": lazy(_shrunk_text, str)(),
            }
        )

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(_("Send at most %(count)s files at once.") % {"count": MAX_FILES})
        checked = []
        for upload in files:
            try:
                checked.append(UploadedDocument.check(upload))
            except DomainError as error:
                raise ValidationError(error.message) from error
        return checked
