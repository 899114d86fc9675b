from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "mostovi.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # Continuity: ending a membership (accounts) hands on what it held (see docs/ARCHITECTURE.md).
        from . import continuity

        continuity.register()
