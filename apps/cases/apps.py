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
        from apps.offices.village_export import register_village_export

        from .exports import VILLAGE_EXPORT

        # What the office hands over about a village includes this app's records.
        register_village_export("cases", VILLAGE_EXPORT)
        from apps.accounts.registry import register_demo_seeder
        from apps.follow_ups.registry import register_source
        from apps.offices.masterdata import MasterKind, register_master_kind
        from apps.offices.models import CASE_PREFIX_CLAIMS

        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
        from .demo import demo_cases_seed
        from .forms import ResponseTemplateForm
        from .models import ResponseTemplate
        from .sources import CASE_SOURCE, SOURCE_TYPE

        register_demo_seeder(demo_cases_seed)
        # A case's follow-ups live in the follow-ups app, which names and links them so.
        register_source(SOURCE_TYPE, CASE_SOURCE)
        # The office admin edits the cases' response templates on the Kelola pages.
        register_master_kind(
            "templat",
            MasterKind(
                ResponseTemplate,
                ResponseTemplateForm,
                _("Response templates"),
                ("category", "title", "is_active"),
                form_needs_office=True,
            ),
        )
        # An office may not take a prefix that another office's tracking numbers carry.
        if tracking_numbers_carry not in CASE_PREFIX_CLAIMS:
            CASE_PREFIX_CLAIMS.append(tracking_numbers_carry)
