from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import directory
        from .registry import register_profile_panel
        from .two_factor import mark_session_at_login
        from .two_factor_views import profile_panel

        user_logged_in.connect(mark_session_at_login, dispatch_uid="ruko-two-factor")
        register_profile_panel(profile_panel)
        directory.connect()
