"""The funding catalogue's texts in the reader's language (`funding/catalogue/texts.py`).

`{{ instrument|shown:"name" }}`, `{{ rule|shown }}`, `{{ call|shown }}`: the translation when a current one
exists, else the English text wrapped in `<span lang="en">` (so that screen readers read it as English and
the reader knows it is not translated). `shown_text` gives the plain text (attributes, titles);
`shown_list` the items of a list field (required documents). `by_reader` picks the reader's entry of a
{language: text} mapping computed in advance (cached pages).
"""

from django import template
from django.utils import translation
from django.utils.html import format_html

from mostovi.funding.catalogue import texts

register = template.Library()


def _html(value: str, language: str):
    if translation.get_language() == language or language != texts.ORIGINAL:
        return value
    return format_html('<span lang="{}">{}</span>', language, value)


@register.filter
def shown(obj, field: str | None = None):
    if obj is None:
        return ""
    result = texts.shown(obj, field or None)
    return _html(result.value, result.language)


@register.filter
def shown_text(obj, field: str | None = None) -> str:
    return "" if obj is None else texts.text(obj, field or None)


@register.filter
def shown_list(obj, field: str) -> list:
    result = texts.shown(obj, field)
    return [_html(item, result.language) for item in result.value or []]


@register.filter
def by_reader(values) -> str:
    if not isinstance(values, dict):
        return values or ""
    language = (translation.get_language() or texts.ORIGINAL).lower()
    return values.get(language) or values.get(texts.ORIGINAL, "")


@register.simple_tag
def translation_of(instrument):
    """Whether the reader sees this instrument translated: None, or the `Shown` of its name/description."""
    return texts.translation_source(instrument)
