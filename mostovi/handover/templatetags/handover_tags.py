"""Printing the texts of a handover pack: each in its own language, marked when not the reader's."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def original(value) -> str:
    """`{"text", "lang", "marked"}` → the text in a `lang` span, with a small “[sr]” after it when marked."""
    if not isinstance(value, dict):
        return value or ""
    text = value.get("text") or ""
    if not text:
        return ""
    lang = value.get("lang") or ""
    if not lang:
        return text
    if value.get("marked"):
        return format_html(
            '<span lang="{}">{}</span> <span class="lang-mark" title="{}">[{}]</span>',
            lang,
            text,
            value.get("lang_label") or lang,
            lang,
        )
    return format_html('<span lang="{}">{}</span>', lang, text)
