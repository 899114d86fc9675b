"""What the funding plan's events say on a project's timeline (registered with `core.events` by
`FundingConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "funding_plan.version_created": lambda: _("saved version %(version)s of the funding plan"),
    "funding_plan.approved": lambda: _("approved version %(version)s of the funding plan for %(name)s"),
    "funding_plan.rates_changed": lambda: _(
        "changed an exchange rate used by version %(version)s of the funding plan"
    ),
    "funding.transaction_recorded": lambda: _("recorded a transaction: %(amount)s %(currency)s"),
    "funding.call_saved": lambda: _("followed the call %(title)s"),
    "funding.call_unsaved": lambda: _("stopped following the call %(title)s"),
    "funding.exchange_rate_set": lambda: _("entered the exchange rate of %(currency)s"),
    "funding.exchange_rates_imported": lambda: _("imported exchange rates"),
    "funding.instrument_created": lambda: _("added a funding instrument to the catalogue"),
    "funding.instrument_updated": lambda: _("changed a funding instrument of the catalogue"),
    "funding.instrument_imported": lambda: _("imported a funding instrument into the catalogue"),
    "funding.rule_created": lambda: _("added an eligibility rule"),
    "funding.rule_updated": lambda: _("changed an eligibility rule"),
    "funding.rule_deleted": lambda: _("deleted an eligibility rule"),
    "funding.change_proposed": lambda: _("proposed a correction to the funding catalogue"),
    "funding.change_accepted": lambda: _("accepted a correction to the funding catalogue"),
    "funding.change_declined": lambda: _("declined a correction to the funding catalogue"),
    "funding.aid_declaration_recorded": lambda: _("recorded the filing of an aid declaration"),
    "calendar.reminders_set": lambda: _("set the reminders of the deadlines calendar"),
    "calendar.token_regenerated": lambda: _("renewed the address of the deadlines calendar"),
    "calendar.token_revoked": lambda: _("revoked the address of the deadlines calendar"),
}


def _rates_changes(data: dict) -> list:
    """The rows under a change of rate: each currency's old and new rate, and the version it opened."""
    changes = [
        (
            _("Units of %(currency)s for one euro") % {"currency": c.get("currency", "")},
            c.get("old"),
            c.get("new"),
        )
        for c in data.get("changes", [])
    ]
    if data.get("reopened"):
        changes.append((_("New version to approve"), "", str(data["reopened"])))
    return changes


CHANGES = {"funding_plan.rates_changed": _rates_changes}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(
            kind,
            sentence=lambda data, template=template: template() % events.values(data),
            changes=CHANGES.get(kind),
        )
