from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpsConfig(AppConfig):
    name = "apps.follow_ups"
    label = "follow_ups"
    verbose_name = _("Follow-ups")

    def ready(self):
        from apps.offices.village_export import register_village_export

        from .exports import VILLAGE_EXPORT

        # What the office hands over about a village includes this app's records.
        register_village_export("follow_ups", VILLAGE_EXPORT)
        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
