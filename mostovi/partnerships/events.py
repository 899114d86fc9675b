"""What the partnerships' events say in a journal (registered with `core.events` by
`PartnershipsConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "partnership.created": lambda: _("recorded a partnership"),
    "partnership.imported": lambda: _("imported a partnership from the reference data"),
    "partnership.reimported": lambda: _("updated a partnership from the reference data"),
    "partnership.updated": lambda: _("changed a partnership"),
    "partnership.deleted": lambda: _("deleted a partnership"),
    "partnership.restored": lambda: _("restored a partnership"),
    "partnership.convention_attached": lambda: _("attached the signed convention of a partnership"),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=lambda data, template=template: template())
