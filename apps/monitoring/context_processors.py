from . import policy


def monitoring(request):
    """The header's flag: whether "Reports" leads to the monitoring dashboard."""
    return {"sees_monitoring": policy.sees_monitoring(getattr(request, "membership", None))}
