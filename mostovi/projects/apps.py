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
