"""What the funding plan's events say on a project's timeline (registered with `core.events` by
`FundingConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "funding_plan.version_created": lambda: _("saved version %(version)s of the funding plan"),
    "funding_plan.approved": lambda: _("approved version %(version)s of the funding plan for %(name)s"),
    "funding.transaction_recorded": lambda: _("recorded a transaction: %(amount)s %(currency)s"),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=lambda data, template=template: template() % events.values(data))
