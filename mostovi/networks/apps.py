from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "mostovi.networks"
    label = "networks"
    verbose_name = _("Network coordination")

    def ready(self):
        # What this app adds to the registries of the apps below it (see docs/ARCHITECTURE.md).
        from . import events

        events.register()
