from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "apps.alerts"
    label = "alerts"
    verbose_name = _("Early warning")

    def ready(self):
        from apps.offices.village_export import register_village_export

        from .exports import VILLAGE_EXPORT

        # What the office hands over about a village includes this app's records.
        register_village_export("alerts", VILLAGE_EXPORT)
        from apps.accounts.registry import register_demo_seeder
        from apps.offices.masterdata import MasterKind, register_master_kind

        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
        from .demo import demo_alerts_seed
        from .forms import AlertSettingsForm
        from .models import AlertSettings

        register_demo_seeder(demo_alerts_seed)
        # The office admin sets who issues alerts and how long villages have to acknowledge.
        register_master_kind(
            "peringatan-dini",
            MasterKind(
                AlertSettings,
                AlertSettingsForm,
                _("Early warning settings"),
                ("issuing_section", "ack_minutes_severe", "ack_minutes_other", "referral_agency"),
                blank_labels=(
                    ("issuing_section", _("The Trantib section")),
                    ("referral_agency", _("BPBD")),
                ),
                form_needs_office=True,
            ),
        )
