"""The params schema of each rule kind (`PARAMS`) and `validate_params`, which every write of a rule uses."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mostovi.directory.models import Level
from mostovi.projects.models import DocumentCategory
from mostovi.themes.catalogue import THEMES

from ..models import RuleKind
from .facts import PRECONDITION_FACT_NAMES, _dec

# --- params schemas ---------------------------------------------------------------------------------


def _is_decimal(value, *, percent: bool = False) -> bool:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return False
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False
    if not number.is_finite() or number < 0:
        return False
    return not (percent and number > 100)


def _v_countries(value, *, allow_empty: bool = False) -> str | None:
    if not isinstance(value, list) or (not value and not allow_empty):
        return _("a non-empty list of two-letter country codes")
    if not all(isinstance(c, str) and len(c) == 2 and c.isalpha() and c.isupper() for c in value):
        return _("a list of two-letter country codes in capitals (FR, RS, XK…)")
    return None


def _v_levels(value) -> str | None:
    if not isinstance(value, list) or not value or not all(v in Level.values for v in value):
        return _("a non-empty list of levels among: %(levels)s") % {"levels": ", ".join(Level.values)}
    return None


def _v_themes(value) -> str | None:
    if not isinstance(value, list) or not value or not all(v in THEMES for v in value):
        return _("a non-empty list of theme slugs of the catalogue")
    return None


def _v_percent(value) -> str | None:
    return None if _is_decimal(value, percent=True) else _("a percentage between 0 and 100, as a string")


def _v_amount(value) -> str | None:
    return None if _is_decimal(value) else _("a non-negative amount, as a string")


def _v_currency(value) -> str | None:
    ok = isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()
    return None if ok else _("a three-letter currency code")


def _v_text(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else _("a non-empty text")


def _v_positive_int(value) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else _("a positive whole number")


def _v_category(value) -> str | None:
    if value in DocumentCategory.values:
        return None
    return _("an IATI document category among: %(codes)s") % {"codes": ", ".join(DocumentCategory.values)}


def _v_of(*allowed):
    def validate(value) -> str | None:
        return None if value in allowed else _("one of: %(values)s") % {"values": ", ".join(allowed)}

    return validate


def _v_bands(value) -> str | None:
    if not isinstance(value, list):
        return _("a list of bands")
    for band in value:
        if not isinstance(band, dict) or set(band) - {"countries", "max_rate", "label"}:
            return _('each band is {"countries": [...], "max_rate": "50", "label": "..."}')
        if _v_countries(band.get("countries"), allow_empty=True) or _v_percent(band.get("max_rate")):
            return _('each band is {"countries": [...], "max_rate": "50", "label": "..."}')
        if _v_text(band.get("label")):
            return _("each band has a label")
    return None


# kind → {key: (validator, required)}
PARAMS: dict[str, dict[str, tuple[Callable, bool]]] = {
    RuleKind.LEAD_COUNTRY_IN: {"countries": (_v_countries, True)},
    RuleKind.PARTNER_COUNTRY_IN: {"countries": (_v_countries, True)},
    RuleKind.LEAD_KIND_IN: {"levels": (_v_levels, True)},
    RuleKind.MIN_PARTNER_COUNTRIES: {"count": (_v_positive_int, True), "countries": (_v_countries, True)},
    RuleKind.RATE_BAND_BY_COUNTRY: {
        "bands": (_v_bands, True),
        "default_max_rate": (_v_percent, True),
        "default_label": (_v_text, True),
        "multi_country_rate": (_v_percent, False),
    },
    RuleKind.MAX_RATE: {"percent": (_v_percent, True)},
    RuleKind.AMOUNT_RANGE: {
        "min": (_v_amount, True),
        "max": (_v_amount, True),
        "currency": (_v_currency, True),
    },
    RuleKind.LUMP_SUM_RANGE: {
        "min": (_v_amount, True),
        "max": (_v_amount, True),
        "currency": (_v_currency, True),
    },
    RuleKind.MIN_OWN_SHARE: {
        "percent": (_v_percent, True),
        "of": (_v_of("total"), True),
        "countries": (_v_countries, False),
    },
    RuleKind.IN_KIND_CAP: {
        "percent": (_v_percent, True),
        "of": (_v_of("own_share"), True),
        "countries": (_v_countries, False),
    },
    RuleKind.REQUIRED_DOCUMENT: {"category": (_v_category, True), "label": (_v_text, True)},
    RuleKind.THEME_IN: {"themes": (_v_themes, True)},
    RuleKind.DURATION_MAX: {"months": (_v_positive_int, True)},
    RuleKind.LEVY_BASE: {
        "percent": (_v_percent, True),
        "base": (_v_text, True),
        "themes": (_v_themes, False),
    },
    RuleKind.PRECONDITION: {"label": (_v_text, True), "fact": (_v_of(*PRECONDITION_FACT_NAMES), False)},
}


def validate_params(kind: str, params) -> list[str]:
    """Every problem with `params` for `kind`, as translated sentences; empty when valid."""
    if kind not in PARAMS:
        return [_("“%(kind)s” is not a kind of rule.") % {"kind": kind}]
    if not isinstance(params, dict):
        return [_("The parameters must be a JSON object.")]
    schema = PARAMS[kind]
    errors = []
    for key in sorted(set(params) - set(schema)):
        errors.append(_("“%(key)s” is not a parameter of this kind of rule.") % {"key": key})
    for key, (validator, required) in schema.items():
        if key not in params:
            if required:
                errors.append(_("“%(key)s” is missing.") % {"key": key})
            continue
        problem = validator(params[key])
        if problem:
            errors.append(_("“%(key)s” must be %(what)s.") % {"key": key, "what": problem})
    if (
        not errors
        and kind in (RuleKind.AMOUNT_RANGE, RuleKind.LUMP_SUM_RANGE)
        and _dec(params["min"]) > _dec(params["max"])
    ):
        errors.append(_("“min” must not exceed “max”."))
    return errors
