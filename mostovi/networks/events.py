"""What the networks' events say on a project's timeline (registered by `NetworksConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "network.support_recorded": lambda: _("recorded that the network's programme supports the project"),
    "network.support_refused": lambda: _("refused the support of a network's programme"),
}


# What the partners' members read in their notifications (sent through `projects.services.partners_notify`).
NOTIFICATIONS = {
    "network.support_refused": lambda: _(
        "A partner refused the support of a network's programme; the network cannot record it again."
    ),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        notification = NOTIFICATIONS.get(kind)
        events.register(
            kind,
            sentence=lambda data, template=template: template() % events.values(data),
            notification=(lambda data, notification=notification: notification()) if notification else None,
        )
