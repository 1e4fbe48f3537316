from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied, ValidationError

from apps.accounts.middleware import active_membership

MEMBERSHIP_HEADER = "X-Ruko-Membership"
MAX_ID = 2**63 - 1  # ids are 64-bit


def api_membership(request):
    """The membership the API request acts through (token or session), cached per request:
    the one named by the `X-Ruko-Membership` header (an id from GET /api/v1/me), else the
    one chosen in the session, else the person's first.

    A header that is not a positive whole number is a 400; one that names no active
    membership of the caller (someone else's, an ended one, or none at all) is a 403, the
    same answer for each so that it tells nothing about other people's roles. Never a silent
    fallback to another role."""
    if not hasattr(request, "_api_membership"):
        chosen = None
        if MEMBERSHIP_HEADER in request.headers:
            raw = request.headers[MEMBERSHIP_HEADER].strip()
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 19 and 0 < int(raw) <= MAX_ID):
                raise ValidationError(
                    {MEMBERSHIP_HEADER: [_("Give the id of one of your roles (GET /api/v1/me).")]}
                )
            chosen = int(raw)
        membership = active_membership(request, chosen=chosen)
        if chosen is not None and (membership is None or membership.pk != chosen):
            raise PermissionDenied(_("You hold no active role with this id."))
        request._api_membership = membership
    return request._api_membership


class HasMembership(permissions.BasePermission):
    """Logged in (token or session) and holding an active role somewhere."""

    message = gettext_lazy("Your account has no active role in RUKO PARSEL.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return api_membership(request) is not None
