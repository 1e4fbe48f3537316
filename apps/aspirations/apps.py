from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirationsConfig(AppConfig):
    name = "apps.aspirations"
    label = "aspirations"
    verbose_name = _("Citizen aspirations")

    def ready(self):
        from apps.accounts.registry import register_demo_seeder

        from .demo import demo_aspirations_seed

        register_demo_seeder(demo_aspirations_seed)
