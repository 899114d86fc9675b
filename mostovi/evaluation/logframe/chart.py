"""A chart per numeric indicator, drawn on the server as SVG: the baseline, the targets and the approved
values over time. Coordinates are strings written here (never localised by a template)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..models import Measure, ValueStatus
from .values import plain

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


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


def chart(indicator) -> dict | None:
    """What the template draws, or None for a qualitative indicator or one without any figure."""
    if indicator.measure == Measure.QUALITATIVE:
        return None
    points = chart_points(indicator)
    if not points:
        return None
    numbers = [p.value for p in points]
    low = min(Decimal(0), *numbers)
    high = Decimal(100) if indicator.measure == Measure.PERCENTAGE else max(numbers)
    if high == low:
        high = low + 1
    first = min(p.on for p in points)
    last = max(p.on for p in points)
    days = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    for p in points:
        x = LEFT + (plot_w * (p.on - first).days / days if last != first else plot_w / 2)
        y = TOP + plot_h * float((high - p.value) / (high - low))
        p.x, p.y = _fmt(x), _fmt(y)
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
        "label_y": str(HEIGHT - BOTTOM + 16),
        "high": plain(high),
        "low": plain(low),
        "first": first,
        "last": last,
        "last_x": str(WIDTH - RIGHT),
    }
