"""What the networks' events say on a project's timeline (registered by `NetworksConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "network.support_recorded": lambda: _("recorded that the network's programme supports the project"),
    "network.support_refused": lambda: _("refused the support of a network's programme"),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=lambda data, template=template: template() % events.values(data))
