from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = _("Coordination cases")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
