"""What the directory's events say in a journal (registered with `core.events` by `DirectoryConfig.ready`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

SENTENCES = {
    "organisation.created": lambda: _("added the authority %(name)s to the directory"),
    "organisation.mandate_updated": lambda: _("changed the dates of an authority's mandate"),
    "directory.reference_imported": lambda: _("imported the reference data of the directory"),
}


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=lambda data, template=template: template() % events.values(data))
