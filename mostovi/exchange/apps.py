from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "mostovi.exchange"
    label = "exchange"
    verbose_name = _("Partner-search exchange")

    def ready(self):
        # The expressions of interest received, in the person's workspace (core.inbox).
        from . import events, inbox

        inbox.register()
        events.register()
