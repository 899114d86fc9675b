"""The reference records the demo story needs (the real authorities it names, NALAS, the funding catalogue),
and the story itself: for tests of `manage.py demo_setup` and of the pages it leaves."""

import io

from django.core.management import call_command

from mostovi.directory.models import Level, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory


def demo_reference_records() -> None:
    AuthorityFactory(ref_key="FR:insee:69123", name="Lyon", country="FR", population=522_250)
    AuthorityFactory(
        ref_key="FR:epci:200046977", name="Métropole de Lyon", country="FR", level=Level.GROUPING
    )
    AuthorityFactory(ref_key="RS:city:Niš", name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    AuthorityFactory(ref_key="BG:nsi:SOF46", name="Столична", name_latin="Stolichna", country="BG")
    NetworkFactory(ref_key="NET:NALAS", acronym="NALAS", kind=OrganisationKind.NETWORK)
    call_command("import_funding_catalogue", stdout=io.StringIO())


def demo_water_project(settings):
    """Plays the demo story on the reference records; answers its Lyon–Niš water project."""
    from mostovi.projects.demo import WATER_TITLE
    from mostovi.projects.models import Project

    demo_reference_records()
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_setup", stdout=io.StringIO())
    return Project.objects.get(texts__text=WATER_TITLE)
