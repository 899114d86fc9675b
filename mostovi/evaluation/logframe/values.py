"""What a value may be for each IATI measure: a number (a percentage between 0 and 100) or a text."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mostovi.core.text import clean_text

from ..exceptions import InvalidInput
from ..models import DECIMALS, DIGITS, Measure

MAX_ABS = Decimal(10) ** (DIGITS - DECIMALS)
MAX_TEXT = 2000


def parse(measure: str, raw) -> tuple[Decimal | None, str]:
    """(number, "") for a numeric measure, (None, text) for a qualitative one; InvalidInput otherwise.

    Numbers come as numbers or as text with a “.” before the decimals (forms convert the reader's format).
    """
    if measure == Measure.QUALITATIVE:
        text = clean_text(
            raw if isinstance(raw, str) else "", what=_("Value"), error=InvalidInput, limit=None
        )
        if not text:
            raise InvalidInput(_("This indicator is qualitative: describe the value in words."))
        if len(text) > MAX_TEXT:
            raise InvalidInput(_("The text is too long (%(max)s characters at most).") % {"max": MAX_TEXT})
        return None, text
    if isinstance(raw, bool) or raw is None:
        number = None
    elif isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        raise InvalidInput(
            _("This indicator is measured as “%(measure)s”: enter a number.")
            % {"measure": Measure(measure).label}
        )
    if measure == Measure.PERCENTAGE and not (0 <= number <= 100):
        raise InvalidInput(_("A percentage is between 0 and 100."))
    if abs(number) >= MAX_ABS:
        raise InvalidInput(_("This number is too large: check the figure."))
    if number != number.quantize(Decimal(1).scaleb(-DECIMALS)):
        raise InvalidInput(_("Give %(decimals)s decimals at most.") % {"decimals": DECIMALS})
    return number, ""


def plain(number: Decimal | None) -> Decimal | None:
    """The number without trailing zeros and never in exponent form (12.5000 → 12.5, 100.0000 → 100)."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def as_text(number: Decimal | None, text: str = "") -> str:
    """The machine form of a value, for the API and the export: "12.5", "100" or the qualitative text."""
    return format(plain(number), "f") if number is not None else text
