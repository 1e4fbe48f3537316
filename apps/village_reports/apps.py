from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillageReportsConfig(AppConfig):
    name = "apps.village_reports"
    label = "village_reports"
    verbose_name = _("Village reports")

    def ready(self):
        from apps.offices.village_export import register_village_export

        from .exports import VILLAGE_EXPORT

        # What the office hands over about a village includes this app's records.
        register_village_export("village_reports", VILLAGE_EXPORT)
        from apps.accounts.registry import register_demo_seeder
        from apps.offices.masterdata import (
            MasterKind,
            register_master_kind,
            register_office_setup_hook,
        )

        from . import tasks  # noqa: F401 - registers the periodic task with crontask
        from .demo import demo_reports_seed
        from .forms import FigureSpecForm, ObligationTypeForm
        from .models import FigureSpec, ObligationType
        from .services import obligation_types_seed, obligation_types_seed_many

        # Every new office starts with the default obligations (defaults.OBLIGATIONS).
        register_office_setup_hook(obligation_types_seed, bulk=obligation_types_seed_many)
        register_demo_seeder(demo_reports_seed)
        register_master_kind(
            "kewajiban-laporan",
            MasterKind(
                ObligationType,
                ObligationTypeForm,
                _("Reporting obligations of the villages"),
                ("name", "period", "section", "deadline_days", "is_active"),
                form_needs_office=True,
            ),
        )
        register_master_kind(
            "angka-laporan",
            MasterKind(
                FigureSpec,
                FigureSpecForm,
                _("Figures of the village reports"),
                ("obligation", "name", "unit", "min_value", "max_value", "at_most"),
                form_needs_office=True,
            ),
        )
