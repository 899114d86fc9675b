"""Display helpers of the partnership pages: the changes of the history, in words rather than field codes."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mostovi.core.formats import format_date
from mostovi.core.labels import choice_label, unknown
from mostovi.directory.models import Organisation
from mostovi.directory.templatetags.directory_tags import language_name
from mostovi.themes.catalogue import theme_label

from ..models import Kind, Partnership, Status

register = template.Library()


def _label(field: str) -> str:
    extra = {"themes": _("Themes"), "networks": _("Networks"), "authority_ids": _("Local authorities")}
    if field in extra:
        return extra[field]
    try:
        return capfirst(str(Partnership._meta.get_field(field).verbose_name))
    except FieldDoesNotExist:  # a field removed since the event was recorded
        return unknown()


def _value(field: str, value) -> str:
    if value in (None, "", []):
        return ""
    if field == "kind":
        return choice_label(Kind, value)
    if field == "status":
        return choice_label(Status, value)
    if field in ("signed_on", "renewed_on", "ends_on"):
        return format_date(value)
    if field == "themes":
        return ", ".join(theme_label(v) for v in value)
    if field == "working_languages":
        return ", ".join(language_name(v) for v in value)
    if field in ("networks", "authority_ids"):
        names = Organisation.objects.filter(pk__in=value).order_by("name")
        return ", ".join(str(o) for o in names)
    return str(value)


@register.filter
def change_rows(changes) -> list[tuple[str, str, str]]:
    """The (label, before, after) rows of a recorded change of a partnership."""
    if not isinstance(changes, dict):
        return []
    return [
        (_label(field), _value(field, values[0]), _value(field, values[1]))
        for field, values in changes.items()
        if isinstance(values, (list, tuple)) and len(values) == 2
    ]
