from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "mostovi.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # What this app adds to the registries of the apps below it (see docs/ARCHITECTURE.md).
        from . import continuity, events, gates, inbox

        events.register()
        inbox.register()
        gates.register()
        continuity.register()
