from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = _("Coordination cases")

    def ready(self):
        from apps.accounts.registry import register_demo_seeder
        from apps.offices.masterdata import MasterKind, register_master_kind

        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
        from .demo import demo_cases_seed
        from .forms import ResponseTemplateForm
        from .models import ResponseTemplate

        register_demo_seeder(demo_cases_seed)
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
