from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationClusterConfig(AppConfig):
    name = "emulation_cluster"
    verbose_name = _("Emulation cluster")
