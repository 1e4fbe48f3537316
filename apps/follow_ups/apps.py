from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpsConfig(AppConfig):
    name = "apps.follow_ups"
    label = "follow_ups"
    verbose_name = _("Follow-ups")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the periodic tasks with crontask
