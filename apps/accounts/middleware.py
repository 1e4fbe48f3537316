SESSION_KEY = "ruko_membership_id"


def active_membership(request, chosen: int | None = None):
    """The membership a logged-in person acts through: `chosen` or the one chosen in this
    session, else their first active one. None for visitors and people without a role.
    All their active memberships are kept on `request.memberships` (for the role switch)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        request.memberships = []
        return None
    memberships = list(
        user.memberships.active()
        .select_related("office__region__parent", "section", "village__region", "regency")
        .order_by("id")  # the first role a person was given is their default
    )
    request.memberships = memberships
    if not memberships:
        return None
    if chosen is None and hasattr(request, "session"):
        chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0]


class MembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = active_membership(request)
        return self.get_response(request)
