"""The demo's Lyon–Niš board: real steps done with their dates, the convention and both draft decisions."""

import io

import pytest
from django.core.management import call_command

from mostovi.core.tests.test_demo import directory  # noqa: F401  (the fixture)
from mostovi.procedures.models import GeneratedDocument, ProcedureStep
from mostovi.procedures.selectors import convention_state
from mostovi.projects.demo import WATER_TITLE, _demo

pytestmark = pytest.mark.django_db


def test_the_demo_shows_each_sides_entering_steps_done_and_its_documents(directory, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())  # twice: nothing is written again
    project = _demo(WATER_TITLE)
    done = set(ProcedureStep.objects.filter(project=project, status="done").values_list("step_id", flat=True))
    assert done == {
        "fr.no_foreign_state",
        "fr.council_deliberation",
        "fr.prefect_transmission",
        "rs.assembly_decision",
        "rs.government_consent",
    }
    kinds = sorted(GeneratedDocument.objects.filter(project=project).values_list("kind", flat=True))
    assert kinds == ["convention", "council_decision", "council_decision"]
    state = convention_state(project=project)
    assert state.version == 1 and state.missing == []
    assert project.phase == "implementation"
