SESSION_KEY = "ruko_membership_id"


def active_membership(request):
    """The membership a logged-in person acts through: the one chosen in this session, else
    their first active one. None for visitors and for people without a role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    memberships = list(
        user.memberships.active().select_related(
            "office__region__parent", "section", "village__region", "regency"
        )
    )
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
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
