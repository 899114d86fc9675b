"""The reasons of a suggestion as sentences in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostovi.core.formats import format_number
from mostovi.core.labels import language_name as language_label
from mostovi.core.labels import territory_name
from mostovi.directory.models import Country
from mostovi.themes.catalogue import theme_label

from ..models import PartnerSize, PostKind
from .scoring import Reason

# --- Sentences -------------------------------------------------------------------------------------------


def country_label(code: str) -> str:
    try:
        return str(Country(code).label)
    except ValueError:
        return territory_name(code)


def _join(items) -> str:
    return ", ".join(str(item) for item in items)


def reason_text(reason: Reason, post_kind: str = "") -> str:
    """The reason as a sentence in the active language."""
    code, params = reason.code, reason.params
    if code in ("offer", "need"):
        themes = _join(theme_label(slug) for slug in params)
        if post_kind == PostKind.NEED:
            return _("An offer meets this need: %(themes)s") % {"themes": themes}
        if post_kind == PostKind.OFFER:
            return _("A need this offer meets: %(themes)s") % {"themes": themes}
        if code == "offer":
            return _("Offers what this authority needs: %(themes)s") % {"themes": themes}
        return _("Needs what this authority offers: %(themes)s") % {"themes": themes}
    if code == "themes":
        return _("Themes in common: %(themes)s") % {"themes": _join(theme_label(slug) for slug in params)}
    if code == "networks":
        return _("Networks in common: %(networks)s") % {"networks": _join(params)}
    if code == "networks_indirect":
        return _("Networks in common through national associations: %(networks)s") % {
            "networks": _join(params)
        }
    if code == "country_partners":
        count, country = params
        return ngettext(
            "Already a partner of %(count)d authority in %(country)s",
            "Already a partner of %(count)d authorities in %(country)s",
            count,
        ) % {"count": count, "country": country_label(country)}
    if code == "peers":
        count, country = params
        return ngettext(
            "Already a partner of %(count)d authority of similar size in %(country)s",
            "Already a partner of %(count)d authorities of similar size in %(country)s",
            count,
        ) % {"count": count, "country": country_label(country)}
    if code == "peer_country":
        country, partner_country = params
        return _("Authorities of similar size in %(country)s already cooperate with %(partner_country)s") % {
            "country": country_label(country),
            "partner_country": country_label(partner_country),
        }
    if code == "language":
        languages = _join(language_label(code) for code in params)
        return ngettext("Shared language: %(languages)s", "Shared languages: %(languages)s", len(params)) % {
            "languages": languages
        }
    if code in ("similar", "comparable"):
        population = format_number(params[0])
        if code == "similar":
            return _("Similar size: %(population)s inhabitants") % {"population": population}
        return _("Comparable size: %(population)s inhabitants") % {"population": population}
    if code == "band":
        return _("The size sought: %(size)s") % {"size": PartnerSize(params[1]).label}
    if code == "distance":
        return _("Across the border, %(km)s km away") % {"km": format_number(params[0])}
    if code == "sought":
        return _("In a country this post seeks: %(country)s") % {"country": country_label(params[0])}
    if code == "asked":
        return _("In the country asked for: %(country)s") % {"country": country_label(params[0])}
    if code == "sought_by_posts":
        return _("In a country its open posts seek: %(country)s") % {"country": country_label(params[0])}
    if code == "priority":
        return _("A priority country for cooperation: %(country)s") % {"country": country_label(params[0])}
    return code


def reason_texts(reasons: list[Reason], post_kind: str = "") -> list[str]:
    texts = []
    for reason in reasons:
        # Each sentence says how much it counts, in points of the score.
        text = f"{reason_text(reason, post_kind)} (+{max(1, round(reason.points))})"
        if text not in texts:  # a post's offer and need read the same
            texts.append(text)
    return texts
