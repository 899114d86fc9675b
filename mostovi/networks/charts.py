"""The console's charts, drawn on the server as SVG (like `evaluation.chart`): cooperation of the members
by country and theme for the latest year, and by year. Coordinates are strings written here (never
localised by a template); each chart has a title, a text alternative and its table below it."""

from collections import Counter, defaultdict

WIDTH = 400  # drawn at about 360 px on a phone: text stays legible
LABEL_WIDTH = 130  # the country names, left of the bars
ROW_HEIGHT, BAR_HEIGHT, TOP = 24, 16, 8
TOP_THEMES = 5
# Six colours told apart by people with the common colour-vision deficiencies; the last is "other".
COLOURS = ("#0a5c36", "#1f4e99", "#b35900", "#7a1f66", "#4d4d00", "#8c8c8c")
TREND_HEIGHT = 200
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 40, 8, 12, 28


def _fmt(number: float) -> str:
    return f"{number:.1f}"


def country_theme_bars(matrix: list[dict], year: int | None) -> dict | None:
    """One horizontal bar per member country for `year`, stacked by its most frequent themes (the others
    together), the largest country first."""
    if year is None:
        return None
    cells: dict[str, Counter] = defaultdict(Counter)
    for row in matrix:
        if row["year"] == year:
            cells[row["country"]][row["theme"]] += row["count"]
    if not cells:
        return None
    by_theme: Counter = Counter()
    for counts in cells.values():
        by_theme.update(counts)
    top = [slug for slug, _n in sorted(by_theme.items(), key=lambda item: (-item[1], item[0]))[:TOP_THEMES]]
    has_other = len(by_theme) > len(top)
    legend = [{"theme": slug, "colour": COLOURS[i]} for i, slug in enumerate(top)]
    if has_other:
        legend.append({"theme": "", "colour": COLOURS[-1]})
    countries = sorted(cells, key=lambda c: (-sum(cells[c].values()), c))
    highest = max(sum(cells[c].values()) for c in countries)
    scale = (WIDTH - LABEL_WIDTH - 40) / highest
    rows = []
    for index, country in enumerate(countries):
        counts = cells[country]
        parts = [(slug, counts[slug], COLOURS[i]) for i, slug in enumerate(top) if counts[slug]]
        other = sum(n for slug, n in counts.items() if slug not in top)
        if other:
            parts.append(("", other, COLOURS[-1]))
        y = TOP + index * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for slug, count, colour in parts:
            width = count * scale
            segments.append(
                {"theme": slug, "count": count, "colour": colour, "x": _fmt(x), "width": _fmt(width)}
            )
            x += width
        rows.append(
            {
                "country": country,
                "total": sum(counts.values()),
                "y": str(y),
                "text_y": _fmt(y + BAR_HEIGHT / 2),
                "total_x": _fmt(x + 4),
                "segments": segments,
            }
        )
    return {
        "width": WIDTH,
        "height": TOP + len(rows) * ROW_HEIGHT,
        "label_x": str(LABEL_WIDTH - 6),
        "bar_height": str(BAR_HEIGHT),
        "rows": rows,
        "legend": legend,
        "year": year,
        "largest": rows[0],
    }


def trend_bars(trend: list[tuple[int, int]]) -> dict | None:
    """One vertical bar per year from the first to the last (years without any record at zero)."""
    if not trend:
        return None
    counts = dict(trend)
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    highest = max(counts.values()) or 1
    plot_w = WIDTH - TREND_LEFT - TREND_RIGHT
    plot_h = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    step = plot_w / len(years)
    bottom = TREND_TOP + plot_h
    bars = []
    for i, year in enumerate(years):
        count = counts.get(year, 0)
        height = plot_h * count / highest
        bars.append(
            {
                "year": year,
                "count": count,
                "x": _fmt(TREND_LEFT + i * step + step * 0.1),
                "y": _fmt(bottom - height),
                "width": _fmt(max(step * 0.8, 1.0)),
                "height": _fmt(height),
            }
        )
    # Year labels: the first, the last and every tenth year between them when the chart is crowded.
    every = 1 if len(years) <= 8 else 10
    labels = [
        {"year": year, "x": _fmt(TREND_LEFT + (i + 0.5) * step)}
        for i, year in enumerate(years)
        if year in (first, last) or (year % every == 0 and first + 2 < year < last - 2)
    ]
    peak = max(trend, key=lambda item: (item[1], -item[0]))
    return {
        "width": WIDTH,
        "height": TREND_HEIGHT,
        "bars": bars,
        "labels": labels,
        "left": str(TREND_LEFT),
        "right": str(WIDTH - TREND_RIGHT),
        "top": str(TREND_TOP),
        "bottom": _fmt(bottom),
        "label_y": _fmt(bottom + 16),
        "highest": highest,
        "first": first,
        "last": last,
        "peak_year": peak[0],
        "peak_count": peak[1],
    }


def matrix_context(overview) -> dict:
    """The matrix of the latest year as a table and a chart, and the trend by year as a table and a chart."""
    themes = sorted({r["theme"] for r in overview.matrix})
    countries = sorted({r["country"] for r in overview.matrix})
    this_year = max(overview.years) if overview.years else None
    cells = {(r["country"], r["theme"]): r["count"] for r in overview.matrix if r["year"] == this_year}
    trend: Counter = Counter()
    for r in overview.matrix:
        trend[r["year"]] += r["count"]
    trend_rows = sorted(trend.items())
    return {
        "themes": themes,
        "matrix_rows": [(country, [cells.get((country, t), 0) for t in themes]) for country in countries],
        "matrix_year": this_year,
        "trend": trend_rows,
        "country_chart": country_theme_bars(overview.matrix, this_year),
        "trend_chart": trend_bars(trend_rows),
    }
