from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "mostovi.profiles"
    label = "profiles"
    verbose_name = _("Authority profiles")

    def ready(self):
        # What its events say on a timeline (core.events).
        from . import events

        events.register()
