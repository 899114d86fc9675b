"""The indicator chart (`evaluation.logframe.chart`): a value axis that fits the figures, a time axis with a
tick per date drawn (or per month, quarter, year when they are many), labels in the reader's language."""

import calendar
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from mostovi.evaluation.logframe.chart import chart, value_axis
from mostovi.evaluation.models import Measure


class Rows(list):
    """What `indicator.targets` and `indicator.values` answer to `.all()`."""

    def all(self):
        return self


def indicator(baseline, targets, values, measure=Measure.PERCENTAGE):
    """An indicator with a baseline on 1 January 2026, targets and approved values (day, figure)."""
    return SimpleNamespace(
        measure=measure,
        baseline_value=Decimal(baseline),
        baseline_date=date(2026, 1, 1),
        targets=Rows(SimpleNamespace(value=Decimal(v), period_end=d) for d, v in targets),
        values=Rows(SimpleNamespace(status="approved", value=Decimal(v), period_end=d) for d, v in values),
    )


def losses():
    """Water losses of 41 % falling to 33 %, towards a target of 32 %."""
    return indicator(
        "41",
        [(date(2027, 12, 31), "32")],
        [(date(2026, 6, 30), "38"), (date(2026, 12, 31), "35"), (date(2027, 6, 30), "33")],
    )


def test_the_value_axis_of_32_to_41_percent_runs_from_30_to_45_by_fives():
    numbers = [Decimal(n) for n in ("41", "38", "35", "33", "32")]
    assert value_axis(numbers, percentage=True) == [Decimal(n) for n in ("30", "35", "40", "45")]


@pytest.mark.parametrize(
    ("numbers", "ticks"),
    [
        (("30", "40"), ("25", "30", "35", "40", "45")),
        (("35",), ("30", "32", "34", "36", "38", "40")),
        (("97", "100"), ("96", "97", "98", "99", "100")),
        (("0", "100"), ("0", "20", "40", "60", "80", "100")),
        (("0",), ("0", "0.2", "0.4", "0.6", "0.8", "1")),
        (("1200", "35000"), ("0", "10000", "20000", "30000", "40000")),
        (("-3", "4"), ("-4", "-2", "0", "2", "4", "6")),
    ],
)
def test_the_value_axis_has_four_to_six_round_ticks_around_the_figures(numbers, ticks):
    percentage = all(0 <= Decimal(n) <= 100 for n in numbers)
    assert value_axis([Decimal(n) for n in numbers], percentage=percentage) == [Decimal(t) for t in ticks]


def test_the_points_fill_the_height_of_the_chart():
    with translation.override("en"):
        drawn = chart(losses())
    assert (drawn["low"], drawn["high"]) == (Decimal(30), Decimal(45))
    # 184 px from y = 16 (45 %) to y = 200 (30 %).
    assert [(t["label"], t["y"]) for t in drawn["value_ticks"]] == [
        ("30%", "200.0"),
        ("35%", "138.7"),
        ("40%", "77.3"),
        ("45%", "16.0"),
    ]
    assert [(p.kind, str(p.value), p.y) for p in drawn["points"]] == [
        ("baseline", "41", "65.1"),
        ("actual", "38", "101.9"),
        ("actual", "35", "138.7"),
        ("actual", "33", "163.2"),
        ("target", "32", "175.5"),
    ]


def test_the_time_axis_has_a_tick_at_every_date_drawn():
    with translation.override("en"):
        drawn = chart(losses())
    assert [(t["label"], t["x"]) for t in drawn["time_ticks"]] == [
        ("1 Jan 2026", "88.0"),
        ("30 Jun 2026", "182.8"),
        ("31 Dec 2026", "279.7"),
        ("30 Jun 2027", "375.1"),
        ("31 Dec 2027", "472.0"),
    ]
    assert [p.x for p in drawn["points"]] == ["88.0", "182.8", "279.7", "375.1", "472.0"]


@pytest.mark.parametrize(
    ("language", "values", "days"),
    [
        (
            "fr",
            ["30\u00a0%", "35\u00a0%", "40\u00a0%", "45\u00a0%"],
            ["1 janv. 2026", "30 juin 2026", "31 déc. 2026"],
        ),
        ("sr", ["30%", "35%", "40%", "45%"], ["1. 1. 2026", "30. 6. 2026", "31. 12. 2026"]),
        ("sr-latn", ["30%", "35%", "40%", "45%"], ["1. 1. 2026", "30. 6. 2026", "31. 12. 2026"]),
    ],
)
def test_the_labels_read_in_the_reader_language(language, values, days):
    with translation.override(language):
        drawn = chart(losses())
    assert [t["label"] for t in drawn["value_ticks"]] == values
    assert [t["label"] for t in drawn["time_ticks"]][:3] == days


def month_ends(first_year: int, first_month: int, count: int) -> list[date]:
    days = []
    for index in range(count):
        year, month = divmod(first_month - 1 + index, 12)
        year, month = first_year + year, month + 1
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
    return days


def test_monthly_values_over_two_years_get_a_tick_per_half_year():
    monthly = [(day, str(40 - i % 5)) for i, day in enumerate(month_ends(2026, 1, 24))]
    with translation.override("fr"):
        drawn = chart(indicator("41", [], monthly))
    # Quarters would be eight ticks; half-years are four, 95 px apart.
    assert [t["label"] for t in drawn["time_ticks"]] == [
        "janv. 2026",
        "juil. 2026",
        "janv. 2027",
        "juil. 2027",
    ]


def test_monthly_values_over_half_a_year_get_a_tick_per_month():
    monthly = [(day, str(30 + i)) for i, day in enumerate(month_ends(2026, 1, 6))]
    with translation.override("sr"):
        drawn = chart(indicator("31", [], monthly, measure=Measure.UNIT))
    # Seven dates (the baseline and six values) are one too many for a tick each.
    assert [t["label"] for t in drawn["time_ticks"]] == [
        "јан 2026",
        "феб 2026",
        "мар 2026",
        "апр 2026",
        "мај 2026",
        "јун 2026",
    ]
    assert [t["label"] for t in drawn["value_ticks"]] == ["28", "30", "32", "34", "36"]


def test_a_single_value_is_in_the_middle_with_its_day():
    single = SimpleNamespace(
        measure=Measure.UNIT,
        baseline_value=None,
        baseline_date=None,
        targets=Rows(),
        values=Rows([SimpleNamespace(status="approved", value=Decimal(12), period_end=date(2026, 6, 30))]),
    )
    with translation.override("en"):
        drawn = chart(single)
    assert [(t["label"], t["x"]) for t in drawn["time_ticks"]] == [("30 Jun 2026", "280.0")]
    assert drawn["points"][0].x == "280.0"
    assert [t["label"] for t in drawn["value_ticks"]] == ["10", "11", "12", "13", "14"]


def test_a_value_waiting_for_approval_is_not_drawn():
    waiting = losses()
    waiting.values.append(
        SimpleNamespace(status="submitted", value=Decimal(90), period_end=date(2028, 6, 30))
    )
    drawn = chart(waiting)
    assert drawn["high"] == Decimal(45) and drawn["last"] == date(2027, 12, 31)
