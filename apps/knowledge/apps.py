from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "apps.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from apps.accounts.registry import register_demo_seeder
        from apps.cases.companions import (
            CaseLink,
            SubmitCompanion,
            register_case_link,
            register_submit_companion,
        )
        from apps.offices.masterdata import register_office_setup_hook

        from .demo import demo_knowledge_seed
        from .policy import can_publish_case
        from .seed import knowledge_setup, knowledge_setup_many

        # Every new office starts with the RUKO SOP, the legal basis and letter templates.
        register_office_setup_hook(knowledge_setup, bulk=knowledge_setup_many)
        register_demo_seeder(demo_knowledge_seed)
        # The case form shows "answers that may help" while a village types (the cases app
        # is below this one and offers the place; it never imports the knowledge base).
        register_submit_companion(
            SubmitCompanion(
                key="knowledge",
                url_name="knowledge:suggest",
                fields=("title", "description"),
                label=_("Search the knowledge base for similar answers"),
                fallback_url_name="knowledge:list",
            )
        )
        # A resolved case's page offers its staff to publish the answer here.
        register_case_link(
            CaseLink(
                key="knowledge",
                label=_("Publish the answer in the knowledge base"),
                url_name="knowledge:from_case",
                shown=can_publish_case,
            )
        )
