"""What the open-data events say in a journal (registered with `core.events` by `OpendataConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events


def register() -> None:
    events.register("iati.imported", sentence=lambda data: _("imported activities published in IATI"))
