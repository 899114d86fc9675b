"""What the profiles' events say on a timeline (registered with `core.events` by `ProfilesConfig.ready()`)."""

from django.utils.translation import gettext as _

from mostovi.core import events

from .models import Section


def _sentence(data: dict) -> str:
    sections = [str(Section(code).label) for code in data.get("sections", []) if code in Section.values]
    if sections:
        return _("updated the authority's profile: %(sections)s") % {"sections": ", ".join(sections)}
    return _("updated the authority's profile")


def register() -> None:
    events.register("profile.updated", sentence=_sentence)
