"""What the exchange's events say in a journal (registered with `core.events` by `ExchangeConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "exchange.post_created": lambda: _("published the post: %(title)s"),
    "exchange.post_updated": lambda: _("changed a post"),
    "exchange.post_translated": lambda: _("added a translation of a post: %(title)s"),
    "exchange.translation_changed": lambda: _("changed a translation of a post: %(title)s"),
    "exchange.post_closed": lambda: _("closed a post"),
    "exchange.post_reopened": lambda: _("reopened a post"),
    "exchange.post_deleted": lambda: _("deleted a post"),
    "exchange.post_restored": lambda: _("restored a post"),
    "exchange.filter_saved": lambda: _("saved a search"),
    "exchange.filter_deleted": lambda: _("deleted a saved search"),
    "exchange.interest_opened": lambda: _("expressed an interest in a partnership"),
    "exchange.interest_message": lambda: _("wrote in an expression of interest"),
    "exchange.interest_accepted": lambda: _("accepted an expression of interest"),
    "exchange.interest_declined": lambda: _("declined an expression of interest"),
    "exchange.suggestion_dismissed": lambda: _("dismissed a suggested partner"),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=lambda data, template=template: template() % events.values(data))
