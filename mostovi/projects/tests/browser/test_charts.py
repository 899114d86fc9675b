"""The project's calendar and the results framework's decisions, as a browser draws them: the milestone is a
diamond inside its month at its day, the activity whose end date passed is hatched, today's line is inside
the calendar, a phone scrolls the calendar and never the page; approving a reported value is the filled
button, returning it the outline one, both at least 44 px high; axe finds nothing serious on either page."""

import calendar
from datetime import date, timedelta

import pytest
from django.utils import timezone

from mostovi.evaluation.logframe import services as logframe_services
from mostovi.evaluation.tests.world import logframe_world, report
from mostovi.projects import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _months_later(day: date, months: int, on: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, on)


def test_calendar_and_decisions_read_right_on_a_desktop_and_a_phone(new_page, sign_in, axe):
    today = timezone.localdate()
    world, project, _results, losses, _trained = logframe_world()
    services.project_update(
        actor=world.officer_lyon,
        project=project,
        revision=project.revision,
        planned_start=_months_later(today, -6, 1),
        planned_end=_months_later(today, 12, 28),
    )
    overdue = services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Diagnostic du réseau",
        partner_id=world.lyon.pk,
        starts_on=_months_later(today, -5, 1),
        ends_on=today - timedelta(days=20),
    )
    milestone_day = _months_later(today, 3, 20)
    services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Comité de pilotage à Niš",
        partner_id=world.nis.pk,
        starts_on=milestone_day,
        ends_on=milestone_day,
        is_milestone=True,
    )
    services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Deuxième cycle de formation",
        partner_id=world.nis.pk,
        starts_on=_months_later(today, 4, 1),
        ends_on=_months_later(today, 7, 15),
    )
    waiting = report(world, project, losses, "33", start=date(2027, 1, 1), end=date(2027, 6, 30))
    logframe_services.value_transition(
        actor=world.officer_nis, project=project, reported=waiting, to="submitted"
    )

    desktop = sign_in(new_page(viewport={"width": 1280, "height": 900}), world.officer_lyon)
    desktop.goto(f"/fr/projects/{project.pk}/")
    # The milestone's diamond sits inside its month's column, at its day (the middle of the 20th).
    months = desktop.locator(".chart-month")
    column = months.nth(9).bounding_box()  # six months before today, today's month, then three more
    assert months.nth(9).get_attribute("title").endswith(str(milestone_day.year))
    diamond = desktop.locator(".chart-grid .chart-diamond").bounding_box()
    centre = diamond["x"] + diamond["width"] / 2
    share = (19.5 / calendar.monthrange(milestone_day.year, milestone_day.month)[1]) * column["width"]
    assert abs(centre - (column["x"] + share)) < 3
    # The overdue bar is hatched and marked, a planned one is plain; today's line is drawn.
    bars = desktop.locator(".chart-grid .chart-bar")
    assert "repeating-linear-gradient" in bars.nth(0).evaluate("e => getComputedStyle(e).backgroundImage")
    assert bars.nth(0).inner_text() == "!"
    assert bars.nth(1).evaluate("e => getComputedStyle(e).backgroundImage") == "none"
    assert desktop.locator(".chart-today").bounding_box()["height"] > 40
    row = desktop.locator(f'[data-testid="overdue-{overdue.pk}"]')
    assert row.inner_text().startswith("Prévu — ")
    axe(desktop)

    desktop.goto(f"/fr/evaluation/projects/{project.pk}/")
    approve = desktop.locator(f'[data-testid="approve-{waiting.pk}"]')
    give_back = desktop.locator(f'[data-testid="return-{waiting.pk}"]')
    filled = approve.evaluate("e => getComputedStyle(e).backgroundColor")
    assert filled not in ("rgba(0, 0, 0, 0)", "transparent")
    assert give_back.evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    for button in (approve, give_back):
        assert button.bounding_box()["height"] >= 44
    axe(desktop)

    phone = sign_in(new_page(viewport={"width": 375, "height": 740}, is_mobile=True), world.officer_lyon)
    phone.goto(f"/fr/projects/{project.pk}/")
    # The calendar scrolls inside its box and opens with today in view; the page never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = phone.locator(".chart-scroll").bounding_box()
    line = phone.locator(".chart-today").bounding_box()
    assert box["x"] <= line["x"] <= box["x"] + box["width"]
    phone.goto(f"/fr/evaluation/projects/{project.pk}/")
    for testid in (f"approve-{waiting.pk}", f"return-{waiting.pk}"):
        assert phone.locator(f'[data-testid="{testid}"]').bounding_box()["height"] >= 44
