from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationClusterConfig(AppConfig):
    name = "emulation_cluster"
    verbose_name = _("Emulation cluster")

    def ready(self):
        from emulation_cluster.audit_log.links import register_cluster_links

        register_cluster_links()

        from emulation_cluster.page_cache import invalidation

        invalidation.connect()
