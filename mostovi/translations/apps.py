from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "mostovi.translations"
    label = "translations"
    verbose_name = _("Translations by the partners")

    def ready(self):
        # What its events say on a project's timeline (core.events).
        from . import events

        events.register()
