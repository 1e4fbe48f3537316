from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext

from .errors import DomainError


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
