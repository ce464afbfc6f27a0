from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Registry of exemplary models")

    def ready(self):
        from models_registry.audit_links import register_links
        from models_registry.search_documents import register_search

        register_links()
        register_search()
