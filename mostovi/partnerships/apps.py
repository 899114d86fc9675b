from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "mostovi.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # The authority's page and API (directory) show its partnerships through the directory's registry.
        from . import events, selectors

        selectors.register()
        events.register()
