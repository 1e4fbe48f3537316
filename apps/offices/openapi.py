"""The OpenAPI document names the office it speaks for (a drf-spectacular postprocessing
hook, listed in SPECTACULAR_SETTINGS)."""

from .selectors import public_office


def describe_office(result, generator, request, public, **kwargs):
    """The caller's own office, else the office the public page presents. A document made
    without a request (`manage.py spectacular`) keeps the generic description."""
    if request is None:
        return result
    membership = getattr(request, "membership", None)
    if membership is not None:
        office = membership.office
    elif request.user.is_authenticated:
        office = None  # a person without a role in an office
    else:
        office = public_office(request)
    if office is not None:
        _first, _sep, rest = result["info"]["description"].partition("\n\n")
        result["info"]["description"] = (
            f"API of RUKO PARSEL, the coordination house of {office.name}, "
            f"{office.regency.name}, and its villages."
        ) + (f"\n\n{rest}" if rest else "")
    return result
