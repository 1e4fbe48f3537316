from . import policy


def membership(request):
    current = getattr(request, "membership", None)
    return {
        "membership": current,
        "can_manage_office": policy.can_manage_office(current),
        "sees_api_docs": policy.is_staff_or_inspector(current),
    }
