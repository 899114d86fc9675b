"""The calendar of a project's activities, month by month, as `projects/_activities.html` draws it (the
activities table beside it says the same in words).

The calendar runs from the project's start (or its first activity, when earlier) to the project's end (or
its last activity, when later), five years at most; it marks today when today falls inside it. An activity
is a bar from its first to its last day; a milestone is a diamond at its day. An activity still planned or
ongoing after its last day is "overdue": its status was not brought up to date, and both the table and the
calendar say so (`activity_overdue`).
"""

from __future__ import annotations

import calendar
from datetime import date

from .models import ActivityStatus

CHART_MONTHS_MAX = 60
# The statuses that say the work is still ahead or under way: after the last day they are out of date.
OPEN_STATUSES = frozenset({ActivityStatus.PLANNED, ActivityStatus.ONGOING})


def activity_overdue(activity, today: date) -> bool:
    """Whether an activity is still planned or ongoing although its last day has passed."""
    last = activity.ends_on or activity.starts_on
    return activity.status in OPEN_STATUSES and last is not None and last < today


def activities_mark_overdue(activities, today: date) -> list:
    """The activities, each with `overdue` set (what the table and the calendar say of its status)."""
    for activity in activities:
        activity.overdue = activity_overdue(activity, today)
    return list(activities)


def project_span(project) -> tuple[date | None, date | None]:
    """The project's first and last day: the actual ones once known, the planned ones before."""
    return (project.actual_start or project.planned_start, project.actual_end or project.planned_end)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _month(first: date, index: int) -> date:
    year, month = divmod(first.month - 1 + index, 12)
    return date(first.year + year, month + 1, 1)


def _share(day: date, *, end_of_day: bool = False) -> float:
    """Where a day falls inside its month, from 0 (the month's start) to 1 (its end)."""
    length = calendar.monthrange(day.year, day.month)[1]
    return (day.day - (0 if end_of_day else 1)) / length


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def milestone_day(activity) -> date | None:
    """The day a milestone marks: its last day (the day it is due), or its only one."""
    return activity.ends_on or activity.starts_on


def activity_chart(activities, *, starts_on=None, ends_on=None, today: date) -> dict | None:
    """What the calendar draws: its months (each saying whether its label shows the year), one row per dated
    activity (a bar with its columns and the shares of its first and last month left uncovered, or a
    milestone's column and place in it), today's place, and whether rows were left out by the five-year cap.
    `starts_on` and `ends_on` are the project's own dates (see `project_span`). None without a dated activity.
    """
    dated = [a for a in activities if a.starts_on or a.ends_on]
    if not dated:
        return None
    starts = [a.starts_on or a.ends_on for a in dated] + ([starts_on] if starts_on else [])
    ends = [a.ends_on or a.starts_on for a in dated] + ([ends_on] if ends_on else [])
    first = min(starts).replace(day=1)
    last = max(ends)
    count = min(_months_between(first, last) + 1, CHART_MONTHS_MAX)
    months = []
    for index in range(count):
        day = _month(first, index)
        months.append(
            {
                "day": day,
                "show_year": index == 0 or day.month == 1,
                "current": (day.year, day.month) == (today.year, today.month),
            }
        )
    rows = []
    for activity in dated:
        row_number = len(rows) + 2  # the first grid row holds the months
        overdue = getattr(activity, "overdue", None)
        if overdue is None:
            overdue = activity_overdue(activity, today)
        if activity.is_milestone:
            day = milestone_day(activity)
            offset = _months_between(first, day)
            if offset >= count:
                continue
            rows.append(
                {
                    "activity": activity,
                    "row": row_number,
                    "milestone": True,
                    "overdue": overdue,
                    "day": day,
                    "column": offset + 1,
                    "at": _percent((_share(day) + _share(day, end_of_day=True)) / 2),
                }
            )
            continue
        start = activity.starts_on or activity.ends_on
        end = max(activity.ends_on or start, start)  # the services refuse an end before the start
        offset = _months_between(first, start)
        if offset >= count:
            continue
        clipped = _months_between(start, end) + 1 > count - offset
        span = min(_months_between(start, end) + 1, count - offset)
        # The bar's margins are shares of its own width (a grid item's percentages refer to its area).
        left = _share(start) / span
        right = 0.0 if clipped else (1 - _share(end, end_of_day=True)) / span
        rows.append(
            {
                "activity": activity,
                "row": row_number,
                "milestone": False,
                "overdue": overdue,
                "column": offset + 1,
                "span": span,
                "left": _percent(left),
                "right": _percent(right),
                "clipped": clipped,
            }
        )
    today_mark = None
    offset = _months_between(first, today)
    if today >= first and offset < count:
        today_mark = {
            "day": today,
            "column": offset + 1,
            "at": _percent((_share(today) + _share(today, end_of_day=True)) / 2),
        }
    return {
        "months": months,
        "rows": rows,
        "columns": count,
        "today": today_mark,
        "row_count": len(rows),
        "first": first,
        "last": months[-1]["day"],
        "truncated": len(rows) < len(dated),
        "overdue": any(r["overdue"] for r in rows),
        "has_milestone": any(r["milestone"] for r in rows),
        "done": any(r["activity"].status == ActivityStatus.DONE for r in rows),
    }
