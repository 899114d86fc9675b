"""Template side of core.scripts: content in the reader's script (`{{ text|for_reader:text.language }}`)."""

from django import template
from django.utils.translation import get_language

from mostovi.core import scripts

register = template.Library()


@register.filter
def for_reader(text, text_language: str = "") -> str:
    """`text`, written in `text_language`, in the script of the current reader (see core.scripts)."""
    return scripts.for_reader(text, text_language, get_language())


@register.filter
def latin_reading(text, text_language: str = "") -> str:
    """The Latin reading of a Cyrillic text for a reader of a Latin-script language ("" otherwise)."""
    return scripts.latin_reading(text, text_language, get_language())
