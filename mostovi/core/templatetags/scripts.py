"""Template side of core.scripts: content in the reader's script (`{{ text|for_reader:text.language }}`)."""

import re

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from mostovi.core import scripts

register = template.Library()


# Markup and character references inside safe HTML stay as they are, and so does the content of the
# elements whose text is data, not reading: a textarea (what the form will send back), a script, a style.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_RAW_OPEN = re.compile(r"<(textarea|script|style)\b", re.IGNORECASE)


def _for_reader_html(html: str, text_language: str, reader: str) -> str:
    out, raw = [], None
    for index, part in enumerate(_MARKUP.split(html)):
        if index % 2:
            if raw is None:
                opened = _RAW_OPEN.match(part)
                raw = opened.group(1).lower() if opened and not part.endswith("/>") else None
            elif part.lower().startswith(f"</{raw}"):
                raw = None
            out.append(part)
        else:
            out.append(part if raw else scripts.for_reader(part, text_language, reader))
    return "".join(out)


@register.filter
def for_reader(text, text_language: str = ""):
    """`text`, written in `text_language`, in the script of the current reader (see core.scripts).

    Safe HTML (a summary with <strong>, a rendered form, a whole page's main content) keeps its markup,
    attributes and the content of textareas: only the text a person reads changes.
    """
    reader = get_language()
    if not scripts.changes_anything(text_language, reader):
        return text
    if isinstance(text, SafeData):
        # Only letters of the text between tags change: no markup is added.
        return mark_safe(_for_reader_html(str(text), text_language, reader))  # noqa: S308
    return scripts.for_reader(text, text_language, reader)


@register.filter
def latin_reading(text, text_language: str = "") -> str:
    """The Latin reading of a Cyrillic text for a reader of a Latin-script language ("" otherwise)."""
    return scripts.latin_reading(text, text_language, get_language())
