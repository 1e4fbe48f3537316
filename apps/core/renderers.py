"""The form renderer: Django's own templates, except for the widgets every page draws many
times — a <select> and its options, the one-line inputs, a textarea — which are written here
in Python with exactly the markup of Django's templates (a test compares the two).

Django renders every <option> through two included templates: a filter bar with a few
hundred options (an inspector's villages across a regency) spent most of a case list's time
drawing them. Any other widget, or one given its own template, still goes through the
templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
# The templates that are nothing but an include of input.html.
INPUTS = frozenset(
    WIDGETS + name + ".html"
    for name in [
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
)


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape."""
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: in order; True is a bare name, False is left out."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # an option with a template of its own: the templates draw it
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # select_option.html ends in a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None:
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == WIDGETS + "select.html":
                html = _select(widget)
            elif template_name == WIDGETS + "textarea.html":
                html = _textarea(widget)
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html)  # noqa: S308 - every part escaped above
