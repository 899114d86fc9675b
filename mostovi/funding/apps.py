from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "mostovi.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self):
        # What this app adds to the registries of the apps below it (see docs/ARCHITECTURE.md).
        from . import events, gates, inbox

        events.register()
        inbox.register()
        gates.register()
