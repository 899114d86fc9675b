from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "mostovi.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # Continuity: ending a membership (accounts) hands on what it held (see docs/ARCHITECTURE.md).
        from . import continuity, inbox

        continuity.register()
        # The decisions waiting for a person's authority, in their workspace (core.inbox).
        inbox.register()
        # Where to go from a refused project page.
        from mostovi.core.views import forbidden_hint_register

        from .views.told import forbidden_hint

        forbidden_hint_register(forbidden_hint)
