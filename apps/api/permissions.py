from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from apps.accounts.middleware import active_membership

MEMBERSHIP_HEADER = "X-Ruko-Membership"


def api_membership(request):
    """The membership the API request acts through (token or session), cached per request:
    the one named by the `X-Ruko-Membership` header (an id from GET /api/v1/me), else the
    one chosen in the session, else the person's first."""
    if not hasattr(request, "_api_membership"):
        chosen = request.headers.get(MEMBERSHIP_HEADER, "")
        request._api_membership = active_membership(
            request, chosen=int(chosen) if chosen.isdigit() else None
        )
    return request._api_membership


class HasMembership(permissions.BasePermission):
    """Logged in (token or session) and holding an active role somewhere."""

    message = _("Your account has no active role in RUKO PARSEL.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return api_membership(request) is not None
