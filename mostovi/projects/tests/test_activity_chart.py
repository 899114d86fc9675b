"""The calendar of activities (`projects.activity_chart`): its range, months, bars, milestones and today."""

from datetime import date

from mostovi.projects.activity_chart import (
    CHART_MONTHS_MAX,
    activities_mark_overdue,
    activity_chart,
    activity_overdue,
    project_span,
)
from mostovi.projects.models import Activity, Project

TODAY = date(2026, 12, 7)


def activity(title, starts_on, ends_on, *, status="planned", is_milestone=False) -> Activity:
    return Activity(
        title=title, starts_on=starts_on, ends_on=ends_on, status=status, is_milestone=is_milestone
    )


def demo_activities() -> list[Activity]:
    """The demo water project's activities (Lyon–Niš), which end in September 2026."""
    return [
        activity("Diagnostic du réseau", date(2026, 1, 15), date(2026, 6, 30), status="done"),
        activity("Обука техничара — први циклус", date(2026, 3, 1), date(2026, 7, 15)),
        activity("Comité de pilotage à Niš", date(2026, 9, 20), date(2026, 9, 20), is_milestone=True),
    ]


def test_the_calendar_runs_to_the_project_end_not_to_the_last_activity():
    drawn = activity_chart(
        demo_activities(), starts_on=date(2026, 1, 15), ends_on=date(2027, 12, 15), today=TODAY
    )
    assert drawn["columns"] == 24
    assert drawn["first"] == date(2026, 1, 1) and drawn["last"] == date(2027, 12, 1)
    assert [m["day"] for m in drawn["months"]][-1] == date(2027, 12, 1)
    assert not drawn["truncated"]


def test_the_calendar_starts_at_the_first_activity_when_it_comes_before_the_project_start():
    drawn = activity_chart(
        demo_activities(), starts_on=date(2026, 3, 1), ends_on=date(2026, 12, 31), today=TODAY
    )
    assert drawn["first"] == date(2026, 1, 1) and drawn["columns"] == 12


def test_the_calendar_shows_five_years_at_most():
    late = activity("Évaluation finale", date(2032, 3, 1), date(2032, 3, 31))
    drawn = activity_chart(
        [*demo_activities(), late], starts_on=date(2026, 1, 15), ends_on=date(2033, 12, 31), today=TODAY
    )
    assert drawn["columns"] == CHART_MONTHS_MAX
    assert drawn["last"] == date(2030, 12, 1)
    assert [r["activity"].title for r in drawn["rows"]] == [a.title for a in demo_activities()]
    assert drawn["truncated"]


def test_the_year_is_shown_at_the_first_column_and_at_each_january():
    drawn = activity_chart(
        demo_activities(), starts_on=date(2025, 10, 1), ends_on=date(2027, 3, 31), today=TODAY
    )
    with_year = [m["day"] for m in drawn["months"] if m["show_year"]]
    assert with_year == [date(2025, 10, 1), date(2026, 1, 1), date(2027, 1, 1)]


def test_a_milestone_is_a_point_at_its_day_within_its_month():
    drawn = activity_chart(
        demo_activities(), starts_on=date(2026, 1, 15), ends_on=date(2027, 12, 15), today=TODAY
    )
    milestone = drawn["rows"][2]
    # September 2026 is the ninth month, so the ninth grid column; the 20th of a 30-day month is the middle
    # of its day: (19.5 / 30) = 65 %.
    assert milestone == {
        "activity": milestone["activity"],
        "row": 4,
        "milestone": True,
        "overdue": True,
        "day": date(2026, 9, 20),
        "column": 9,
        "at": "65.0%",
    }
    assert drawn["has_milestone"]


def test_a_bar_covers_its_days_only():
    workshop = activity("Atelier", date(2027, 1, 10), date(2027, 3, 20))
    drawn = activity_chart([workshop], starts_on=date(2027, 1, 1), ends_on=date(2027, 6, 30), today=TODAY)
    bar = drawn["rows"][0]
    # Three months; 9 of January's 31 days before it (9/31/3 = 9.7 %), 11 of March's after it (11/31/3).
    assert (bar["column"], bar["span"], bar["left"], bar["right"]) == (1, 3, "9.7%", "11.8%")
    assert bar["milestone"] is False and bar["clipped"] is False


def test_today_is_marked_when_inside_the_calendar():
    drawn = activity_chart(
        demo_activities(), starts_on=date(2026, 1, 15), ends_on=date(2027, 12, 15), today=TODAY
    )
    # December 2026 is the twelfth month (column 12); the 7th is the middle of day 7 of 31: 6.5 / 31 = 21 %.
    assert drawn["today"] == {"day": TODAY, "column": 12, "at": "21.0%"}
    assert [m["current"] for m in drawn["months"]].index(True) == 11
    assert drawn["row_count"] == 3


def test_today_outside_the_calendar_is_not_marked():
    drawn = activity_chart(demo_activities(), starts_on=None, ends_on=None, today=date(2030, 1, 1))
    assert drawn["today"] is None
    assert drawn["last"] == date(2026, 9, 1)


def test_an_activity_planned_or_ongoing_after_its_last_day_is_overdue():
    assert activity_overdue(activity("a", date(2026, 1, 1), date(2026, 12, 6)), TODAY)
    assert activity_overdue(activity("b", date(2026, 1, 1), date(2026, 12, 6), status="ongoing"), TODAY)
    assert activity_overdue(activity("c", date(2026, 12, 6), None), TODAY)
    assert not activity_overdue(activity("d", date(2026, 1, 1), TODAY), TODAY)
    assert not activity_overdue(activity("e", date(2026, 1, 1), date(2026, 6, 1), status="done"), TODAY)
    assert not activity_overdue(activity("f", date(2026, 1, 1), date(2026, 6, 1), status="delayed"), TODAY)
    assert not activity_overdue(activity("g", None, None), TODAY)


def test_the_rows_say_which_activities_are_overdue():
    activities = activities_mark_overdue(demo_activities(), TODAY)
    assert [a.overdue for a in activities] == [False, True, True]
    drawn = activity_chart(activities, starts_on=None, ends_on=None, today=TODAY)
    assert [r["overdue"] for r in drawn["rows"]] == [False, True, True]
    assert drawn["overdue"] and drawn["done"]


def test_no_calendar_without_a_dated_activity():
    undated = activity("Sans date", None, None)
    drawn = activity_chart([undated], starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), today=TODAY)
    assert drawn is None


def test_the_project_span_prefers_the_actual_dates():
    planned = Project(planned_start=date(2026, 1, 15), planned_end=date(2027, 12, 15))
    assert project_span(planned) == (date(2026, 1, 15), date(2027, 12, 15))
    started = Project(
        planned_start=date(2026, 1, 15),
        planned_end=date(2027, 12, 15),
        actual_start=date(2026, 2, 1),
        actual_end=date(2027, 10, 31),
    )
    assert project_span(started) == (date(2026, 2, 1), date(2027, 10, 31))
