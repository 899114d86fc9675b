"""The demo water project's page, as the demo story leaves it: its calendar runs to the project's end
(December 2027), not to its last activity (September 2026); the activities the partners brought up to date
read "Done", the milestone they did not says its end date passed."""

import io
import re

import pytest
from django.core.management import call_command

from mostovi.directory.models import Level, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.projects.demo import WATER_TITLE
from mostovi.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(settings):
    AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
    AuthorityFactory(
        ref_key="FR:epci:200046977", name="Métropole de Lyon", country="FR", level=Level.GROUPING
    )
    AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
    NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
    call_command("import_funding_catalogue", stdout=io.StringIO())
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    return Project.objects.get(texts__text=WATER_TITLE)


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
