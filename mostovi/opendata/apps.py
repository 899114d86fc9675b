from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "mostovi.opendata"
    verbose_name = _("Open data")

    def ready(self):
        # What its events say in a journal (core.events).
        from . import events

        events.register()
