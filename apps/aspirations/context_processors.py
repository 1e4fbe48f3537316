from . import policy


def aspirations(request):
    """`sees_aspirations`: the header's link to the inbox (no query: the role decides)."""
    return {"sees_aspirations": policy.sees_inbox(getattr(request, "membership", None))}
