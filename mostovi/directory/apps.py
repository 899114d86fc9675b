from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "mostovi.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        # What its events say in a journal (core.events).
        from mostovi.core.views import forbidden_hint_register

        from . import events, views

        events.register()
        # Whom to ask on a refused page that names an authority.
        forbidden_hint_register(views.forbidden_hint)
