from django import template

from mostovi.funding.sources import source_kind as _source_kind

register = template.Library()


@register.filter
def source_kind(url: str) -> str:
    return _source_kind(url or "")
