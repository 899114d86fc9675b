"""Marking text that partners wrote, whose language the platform does not record, inside interface text.

`data-partner-text` tells readers' tools (and the site-map test, which looks for English words on pages in
other languages) that the text is the partners' own, in whatever language they wrote it; text whose
language is recorded carries `lang` instead.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def partner_text(value):
    """`{{ document.title|partner_text }}`: the value in a `<span data-partner-text>`."""
    if value in (None, ""):
        return ""
    return format_html("<span data-partner-text>{}</span>", value)


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list | tuple):
        return [text for item in data for text in _strings(item)]
    return []


@register.filter
def partner_texts_marked(text, data):
    """`{{ entry.text|partner_texts_marked:event.data }}`: the sentence, escaped, with each of the event's
    recorded strings (a title the partner typed) that it quotes marked as partner text."""
    escaped = str(conditional_escape(text))
    for value in sorted(set(_strings(data)), key=len, reverse=True):
        if len(value) < 3:
            continue
        quoted = str(conditional_escape(value))
        if quoted in escaped and f">{quoted}<" not in escaped:
            escaped = escaped.replace(quoted, f"<span data-partner-text>{quoted}</span>")
    return mark_safe(escaped)  # noqa: S308 - every piece was escaped above
