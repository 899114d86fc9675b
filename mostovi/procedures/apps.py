from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "mostovi.procedures"
    label = "procedures"
    verbose_name = _("Procedures")

    def ready(self):
        # What this app adds to the registries of the apps below it (see docs/ARCHITECTURE.md).
        from . import events, gates

        events.register()
        gates.register()
