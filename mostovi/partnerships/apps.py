from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "mostovi.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # The authority's page and API (directory) show its partnerships through the directory's registry.
        from mostovi.directory.selectors import authority_records_register

        from .selectors import partnership_list_for_authority

        authority_records_register("partnerships", partnership_list_for_authority)
