"""Pages in English and Bulgarian write dates day first, as their locale does, never in the US order."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mostovi.core.models import Event
from mostovi.directory.models import Organisation
from mostovi.projects.models import Project

from .factories import make_project, make_world

pytestmark = pytest.mark.django_db

# Month first, then a day that cannot be a month: 01/21/2027, 12/21/2026.
US_DATE = re.compile(r"\b(0?[1-9]|1[0-2])/(1[3-9]|2\d|3[01])/\d{2,4}\b")
TWELVE_HOUR = re.compile(r"\d{1,2}:\d{2}\s*(AM|PM|a\.m\.|p\.m\.|преди обяд|след обяд)", re.IGNORECASE)


@pytest.fixture
def pages(client):
    world = make_world()
    project = make_project(world)
    Project.objects.filter(pk=project.pk).update(
        planned_start=date(2027, 1, 21), planned_end=date(2027, 12, 14)
    )
    Event.objects.filter(kind="project.created").update(
        created_at=datetime(2026, 12, 21, 14, 13, tzinfo=ZoneInfo("UTC"))
    )
    Organisation.objects.filter(pk=world.nis.pk).update(
        mandate_started_on=date(2024, 6, 19), next_elections_on=date(2028, 3, 26)
    )
    client.force_login(world.officer_lyon)

    def render(language: str) -> str:
        html = ""
        for url in (f"/{language}/projects/{project.pk}/", f"/{language}/directory/{world.nis.pk}/"):
            response = client.get(url)
            assert response.status_code == 200
            html += response.content.decode()
        return html

    return render


def test_english_pages_write_day_month_year(pages):
    html = pages("en")
    assert US_DATE.findall(html) == []
    assert TWELVE_HOUR.findall(html) == []
    assert "21 Jan 2027" in html  # planned start
    assert "21 Dec 2026, 15:13" in html  # the timeline, in Paris time
    assert "Current mandate since 19 June 2024" in html


def test_bulgarian_pages_write_day_month_year_and_lower_case_months(pages):
    html = pages("bg")
    assert US_DATE.findall(html) == []
    assert TWELVE_HOUR.findall(html) == []
    assert "21.01.2027" in html
    assert "21.12.2026, 15:13" in html
    assert "19 юни 2024" in html
    assert "Юни" not in html
