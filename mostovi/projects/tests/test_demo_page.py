"""The demo water project's page, as the demo story leaves it: its calendar runs to the project's end
(December 2027), not to its last activity (September 2026); the activities the partners brought up to date
read "Done", the milestone they did not says its end date passed."""

import re

import pytest

from mostovi.core.tests.demo_world import demo_water_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(settings):
    return demo_water_project(settings)


def test_the_demo_calendar_runs_to_the_project_end_and_says_what_is_overdue(client, water):
    client.force_login(water.partners.get(is_lead=True).authority.memberships.first().user)
    html = client.get(f"/en/projects/{water.pk}/").content.decode()
    assert "Calendar of the activities by month, from January 2026 to December 2027" in html
    assert len(re.findall(r'<span class="chart-month[^"]*" style="grid-column: \d+"', html)) == 24
    # The steering committee in Niš on 20 September 2026: a diamond in September (ninth column), at its day.
    assert re.search(
        r'class="chart-milestone status-planned overdue" style="grid-row: 4; grid-column: 9;', html
    )
    assert html.count("Planned — end date passed, status to update</strong>") == 1
    assert html.count('class="chart-bar status-done') == 2
