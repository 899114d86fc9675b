"""A chart per numeric indicator, drawn on the server as SVG: the baseline, the targets and the approved
values over time. Coordinates are strings written here (never localised by a template); the labels of the
axes are written here too, in the reader's language (`core.formats`).

The value axis fits the figures: round bounds around the lowest and highest of the baseline, the targets and
the values, with four to six ticks (`value_axis`: 32–41 % gives 30–45 % by fives). The time axis has a tick
at every date drawn when their labels fit side by side, otherwise one every month, quarter, half-year or
year (`time_ticks`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from itertools import pairwise

from mostovi.core.formats import format_date, format_decimal, format_percent

from ..models import Measure, ValueStatus
from .values import plain

WIDTH, HEIGHT = 520, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40
# Room between the value axis and the first date, and after the last one, so that centred labels fit.
INSET = 24
TICKS_MIN, TICKS_MAX = 4, 6
# How close two labels of each style may be centred (at 11 px, "31. 12. 2027" is about 70 px wide,
# "janv. 2027" 54 px, "2027" 26 px).
LABEL_GAP = {"medium": 84, "month_short": 58, "year": 36}
# Steps of the value axis, by preference: 1, 2 or 5 times a power of ten; 2.5 only when none fits.
STEPS = ((Decimal(1), Decimal(2), Decimal(5)), (Decimal("2.5"),))
# Calendar ticks when the dates are too many or too close: every so many months, and how they read.
CALENDAR_STEPS = ((1, "month_short"), (3, "month_short"), (6, "month_short"), (12, "year"), (24, "year"))


@dataclass
class Point:
    kind: str  # "baseline", "target" or "actual"
    on: date
    value: Decimal
    x: str = ""
    y: str = ""


def _fmt(number: float) -> str:
    return f"{number:.1f}"


def chart_points(indicator) -> list[Point]:
    """Baseline (at its date), targets and approved values (at the end of their period), in date order."""
    points = []
    if indicator.baseline_value is not None and indicator.baseline_date is not None:
        points.append(Point("baseline", indicator.baseline_date, plain(indicator.baseline_value)))
    for target in indicator.targets.all():
        if target.value is not None:
            points.append(Point("target", target.period_end, plain(target.value)))
    for value in indicator.values.all():
        if value.status == ValueStatus.APPROVED and value.value is not None:
            points.append(Point("actual", value.period_end, plain(value.value)))
    return sorted(points, key=lambda p: (p.on, p.kind))


def _ticks_of(low: Decimal, high: Decimal, step: Decimal) -> list[Decimal]:
    first = (low / step).to_integral_value(ROUND_FLOOR) * step
    last = (high / step).to_integral_value(ROUND_CEILING) * step
    count = int((last - first) / step) + 1
    return [plain(first + step * i) for i in range(count)]


def value_axis(numbers, *, percentage: bool = False) -> list[Decimal]:
    """The ticks of the value axis, lowest first (the first and last are its bounds): four to six multiples
    of a step of 1, 2 or 5 times a power of ten (2.5 times a power of ten when none of these fits), the
    tightest around the numbers widened by a twentieth of their range on either side (a single figure by a
    tenth of itself), without crossing zero when the numbers do not, nor 100 for a percentage."""
    bottom, top = min(numbers), max(numbers)
    # A margin on either side keeps the extreme figures off the chart's frame; it never takes the axis
    # across zero (figures all positive, or all negative, keep zero as their bound at most).
    margin = (top - bottom) / 20 if top > bottom else abs(bottom) / 10 or Decimal(1)
    low = bottom - margin if bottom < 0 else max(bottom - margin, Decimal(0))
    high = min(top + margin, Decimal(0)) if top <= 0 and bottom < 0 else top + margin
    if percentage:
        high = min(high, Decimal(100))
    magnitude = (high - low).adjusted()
    for family in STEPS:
        fitting = [
            ticks
            for exponent in range(magnitude - 2, magnitude + 2)
            for mantissa in family
            if TICKS_MIN <= len(ticks := _ticks_of(low, high, mantissa.scaleb(exponent))) <= TICKS_MAX
        ]
        if fitting:
            # The tightest bounds; between equally tight ones, the fewer ticks.
            return min(fitting, key=lambda ticks: (ticks[-1] - ticks[0], -(ticks[1] - ticks[0])))
    step = (high - low) / (TICKS_MAX - 1)  # unreachable with the steps above; kept as a safe fallback
    return [plain(low + step * i) for i in range(TICKS_MAX)]


def _month_starts(first: date, last: date, months: int) -> list[date]:
    """The first days of the months from `first` to `last` whose number is a multiple of `months` counted
    from January (quarters start in January, April, July, October; years in January, every other year
    an even one)."""
    days = []
    year, month = first.year, first.month
    if first.day > 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while date(year, month, 1) <= last:
        index = year * 12 + month - 1
        if index % months == 0:
            days.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _fits(xs: list[float], style: str) -> bool:
    """Whether labels of a style centred at these abscissas stand side by side without touching."""
    return len(xs) <= TICKS_MAX and all(b - a >= LABEL_GAP[style] for a, b in pairwise(xs))


def _ticks(days: list[date], x_of, style: str) -> list[dict]:
    return [{"on": day, "x": _fmt(x_of(day)), "label": format_date(day, style)} for day in days]


def time_ticks(dates, x_of) -> list[dict]:
    """The ticks of the time axis: one at every date drawn when there are six at most and their labels fit
    side by side (`LABEL_GAP`), each labelled with its day; otherwise the first days of the months, quarters,
    half-years or years inside the range, the finest whose labels fit. `x_of` gives a date's abscissa."""
    distinct = sorted(set(dates))
    if _fits([x_of(d) for d in distinct], "medium"):
        return _ticks(distinct, x_of, "medium")
    first, last = distinct[0], distinct[-1]
    for months, style in CALENDAR_STEPS:
        days = _month_starts(first, last, months)
        if days and _fits([x_of(d) for d in days], style):
            return _ticks(days, x_of, style)
    # No calendar tick fits (dates within one month, or over more than twelve years): the first and the last.
    ends = [first] if x_of(last) - x_of(first) < LABEL_GAP["medium"] else [first, last]
    return _ticks(ends, x_of, "medium")


def _value_label(value: Decimal, *, percentage: bool, places: int) -> str:
    if percentage:
        return format_percent(value / 100, places)
    return format_decimal(value, places)


def chart(indicator) -> dict | None:
    """What the template draws, or None for a qualitative indicator or one without any figure."""
    if indicator.measure == Measure.QUALITATIVE:
        return None
    points = chart_points(indicator)
    if not points:
        return None
    percentage = indicator.measure == Measure.PERCENTAGE
    ticks = value_axis([p.value for p in points], percentage=percentage)
    low, high = ticks[0], ticks[-1]
    places = max(-min(t.as_tuple().exponent for t in ticks), 0)
    first = min(p.on for p in points)
    last = max(p.on for p in points)
    days = (last - first).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT - 2 * INSET, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return LEFT + INSET + (plot_w * (day - first).days / days if days else plot_w / 2)

    def y_of(value: Decimal) -> float:
        return TOP + plot_h * float((high - value) / (high - low))

    for p in points:
        p.x, p.y = _fmt(x_of(p.on)), _fmt(y_of(p.value))
    actuals = [p for p in points if p.kind == "actual"]
    baseline = next((p for p in points if p.kind == "baseline"), None)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": points,
        "actual_line": " ".join(f"{p.x},{p.y}" for p in actuals),
        "baseline_y": baseline.y if baseline else None,
        "left": LEFT,
        "right": str(WIDTH - RIGHT),
        "top": str(TOP),
        "bottom": str(HEIGHT - BOTTOM),
        "tick_end": str(HEIGHT - BOTTOM + 5),
        "label_y": str(HEIGHT - BOTTOM + 18),
        "label_x": str(LEFT - 6),
        "value_ticks": [
            {
                "value": t,
                "y": _fmt(y_of(t)),
                "label": _value_label(t, percentage=percentage, places=places),
            }
            for t in ticks
        ],
        "time_ticks": time_ticks([p.on for p in points], x_of),
        "low": low,
        "high": high,
        "first": first,
        "last": last,
    }
