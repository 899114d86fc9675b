from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "mostovi.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        # What its events say in a journal (core.events).
        from . import events

        events.register()
