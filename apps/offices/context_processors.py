from django.utils.functional import SimpleLazyObject

from .selectors import public_office


def house_office(request):
    """`house_office`: the office whose coordination house the page belongs to, for the header,
    the footer and the description. A person's own office (none for a regency inspector or
    a person without a role); for visitors the office the public page presents, looked up
    only when a template asks."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        membership = getattr(request, "membership", None)
        return {"house_office": membership.office if membership is not None else None}
    return {"house_office": SimpleLazyObject(lambda: public_office(request))}
