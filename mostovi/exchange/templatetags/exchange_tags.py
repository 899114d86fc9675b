"""Display helpers of the exchange: an authority's open posts, system messages in the reader's language."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mostovi.partnerships.models import Kind as PartnershipKind

from .. import selectors

register = template.Library()


@register.simple_tag
def authority_posts(authority, limit: int = 10) -> list:
    """The open, unexpired posts of an authority, each with its text in the reader's language (`.shown`)."""
    posts = selectors.posts_of_authority(authority_id=authority.pk, limit=limit)
    language = get_language()
    for post in posts:
        post.shown = selectors.post_text(post, language)
    return posts


def _partnership_url(pk) -> str:
    try:
        return reverse("partnerships:detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return reverse("partnerships:index") + f"#partnership-{pk}"


@register.simple_tag
def system_message(message) -> str:
    """What a system message of a thread says, in the reader's language, with its link."""
    data = message.data or {}
    if data.get("event") == "declined":
        return _("The expression of interest was declined.")
    if data.get("event") == "accepted" and data.get("created") == "partnership":
        try:
            kind = PartnershipKind(data.get("kind")).label
        except ValueError:
            kind = _("Partnership")
        return format_html(
            '{} <a href="{}">{}</a>',
            _("The expression of interest was accepted. A partnership record was created:"),
            _partnership_url(data.get("id")),
            f"{kind} #{data.get('id')}",
        )
    if data.get("event") == "accepted" and data.get("created") == "project":
        return format_html(
            '{} <a href="{}">{}</a>',
            _("The expression of interest was accepted. A project draft with both partners was created:"),
            reverse("projects:detail", kwargs={"pk": data.get("id")}),
            _("project #%(id)s") % {"id": data.get("id")},
        )
    return message.body
