from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "apps.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from apps.accounts.registry import register_password_changed_hook, register_profile_panel

        from . import schema  # noqa: F401 - registers the OpenAPI security scheme
        from .services import api_tokens_revoke_all
        from .token_pages import token_panel

        register_profile_panel(token_panel)
        register_password_changed_hook(api_tokens_revoke_all)
