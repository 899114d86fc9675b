"""What the translations' events say on a timeline (registered with `core.events` by the app's `ready()`)."""

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from mostovi.core import events

from .contents import CONTENTS


def language_label(code: str) -> str:
    """The name of a language in the reader's language (an interface language by its menu name)."""
    for known, name in settings.LANGUAGES:
        if known == code:
            return str(_(name))
    try:
        return str(get_language_info(code.split("-")[0].lower())["name_translated"])
    except KeyError:
        return code


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
