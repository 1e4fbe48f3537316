from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def tracking_numbers_carry(prefix: str, office_id: int | None) -> bool:
    """Whether cases of an office other than `office_id` have numbers beginning with `prefix`."""
    from .models import Case

    return (
        Case.objects.filter(tracking_number__startswith=f"{prefix}-")
        .exclude(office_id=office_id)
        .exists()
    )


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = _("Coordination cases")

    def ready(self):
        from apps.offices.models import CASE_PREFIX_CLAIMS

        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask

        # An office may not take a prefix that another office's tracking numbers carry.
        if tracking_numbers_carry not in CASE_PREFIX_CLAIMS:
            CASE_PREFIX_CLAIMS.append(tracking_numbers_carry)
