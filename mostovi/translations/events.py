"""What the translations' events say on a timeline (registered with `core.events` by the app's `ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events
from mostovi.core.labels import language_name as language_label

from .contents import CONTENTS


def _sentence(data: dict) -> str:
    content = CONTENTS.get(data.get("content", ""))
    label = content.fields.get(data.get("field", "")) if content is not None else None
    return _("translated %(field)s into %(language)s (version %(version)s of the original)") % {
        "field": str(label or _("a text")).lower(),
        "language": language_label(data.get("language", "")),
        "version": data.get("version", ""),
    }


def register() -> None:
    events.register("translation.saved", sentence=_sentence)
