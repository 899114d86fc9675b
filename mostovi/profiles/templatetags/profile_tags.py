from django import template

from ..selectors import profile_summary

register = template.Library()


@register.simple_tag
def authority_profile(authority):
    """What the directory's page says of an authority's profile: whether there is one, and its sections."""
    return profile_summary(authority=authority)
