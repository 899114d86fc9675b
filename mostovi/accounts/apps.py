from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mostovi.accounts"
    label = "accounts"
    verbose_name = _("Accounts and memberships")

    def ready(self):
        from mostovi.core.approvals import uncounted_approvers_register

        from . import events, inbox
        from .services import provisional_approvers

        uncounted_approvers_register(provisional_approvers)
        inbox.register()
        events.register()
