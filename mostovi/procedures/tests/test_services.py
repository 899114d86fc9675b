"""Each partner records its own steps; the gate into implementation waits for the steps the law requires."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from mostovi.core.models import Event
from mostovi.procedures import selectors, services
from mostovi.procedures.exceptions import InvalidInput, NotAllowed, NotFound
from mostovi.procedures.gates import procedure_steps_done_by_every_partner
from mostovi.procedures.models import ProcedureStep
from mostovi.projects.tests.factories import make_project, make_world

from .helpers import required_steps_done

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


def test_the_board_has_one_column_per_partner_with_its_countrys_steps_all_to_do(world):
    project = make_project(world)
    columns = selectors.board(project=project)
    assert [c.authority for c in columns] == [world.lyon, world.nis]
    assert [e.step.id for e in columns[1].steps][:2] == ["rs.assembly_decision", "rs.government_consent"]
    assert {e.status for c in columns for e in c.steps} == {"todo"}
    assert [c.progress for c in columns] == [0, 0]


def test_a_partner_marks_its_step_done_with_its_date_and_an_event_names_it(world):
    project = make_project(world)
    services.procedure_step_update(
        actor=world.officer_nis,
        project=project,
        step_id="rs.assembly_decision",
        status="done",
        done_on=date(2026, 1, 5),
    )
    row = ProcedureStep.objects.get()
    assert (row.authority, row.status, row.done_on) == (world.nis, "done", date(2026, 1, 5))
    event = Event.objects.get(kind="procedure.step_updated")
    assert event.data["step"] == "rs.assembly_decision" and event.data["status"] == "done"
    assert selectors.board(project=project)[1].progress == 20  # one of the five Serbian steps


def test_a_partner_cannot_record_the_other_partners_step(world):
    project = make_project(world)
    with pytest.raises(NotAllowed, match=r"Each partner records its own procedure steps only\."):
        services.procedure_step_update(
            actor=world.officer_lyon,
            project=project,
            step_id="rs.assembly_decision",
            status="done",
            done_on=date(2026, 1, 5),
            authority_id=world.nis.pk,
        )
    with pytest.raises(NotFound, match="not one of your authority's country"):
        services.procedure_step_update(
            actor=world.officer_lyon,
            project=project,
            step_id="rs.assembly_decision",
            status="done",
            done_on=date(2026, 1, 5),
        )
    with pytest.raises(NotAllowed):
        services.procedure_step_update(
            actor=world.outsider,
            project=project,
            step_id="fr.council_deliberation",
            status="done",
            done_on=date(2026, 1, 5),
        )
    assert not ProcedureStep.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "done"}, "Give the date the step was done."),
        ({"status": "done", "done_on": "tomorrow"}, "A step cannot be done on a date still to come."),
        ({"status": "finished"}, "The status must be todo, done or not_applicable."),
        ({"status": "not_applicable", "step_id": "fr.budget_credits"}, "Say why the step does not apply."),
        (
            {"status": "not_applicable", "reason": "We did it otherwise"},
            "This step is required by law: it cannot be marked not applicable.",
        ),
        (
            {"status": "done", "done_on": date(2026, 1, 5), "document_id": 999999},
            "one of this project's documents",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, changes, message):
    project = make_project(world)
    changes = dict(changes)
    if changes.get("done_on") == "tomorrow":
        changes["done_on"] = timezone.localdate() + timedelta(days=1)
    step_id = changes.pop("step_id", "fr.council_deliberation")
    with pytest.raises(InvalidInput, match=message):
        services.procedure_step_update(actor=world.officer_lyon, project=project, step_id=step_id, **changes)
    assert not ProcedureStep.objects.exists()


def test_back_to_do_clears_the_date_and_the_reason(world):
    project = make_project(world)
    services.procedure_step_update(
        actor=world.officer_lyon,
        project=project,
        step_id="fr.budget_credits",
        status="not_applicable",
        reason="No money is committed by Lyon in this project.",
    )
    services.procedure_step_update(
        actor=world.officer_lyon,
        project=project,
        step_id="fr.budget_credits",
        status="todo",
        reason="ignored",
    )
    row = ProcedureStep.objects.get()
    assert (row.status, row.reason, row.done_on) == ("todo", "", None)


def test_the_gate_names_each_partner_and_each_required_step_still_to_do(world):
    project = make_project(world)
    reason = procedure_steps_done_by_every_partner(project)
    assert reason == (
        "Procedure steps still to do: "
        "Lyon — Council deliberation approving the convention and authorising its signature; "
        "Lyon — Transmission of the convention to the prefect (legality control); "
        "Ниш (Niš) — Decision of the assembly establishing the cooperation (naming both authorities, "
        "the other state, the areas and the budget provision); "
        "Ниш (Niš) — Consent of the Government of the Republic of Serbia, requested through the ministry."
    )
    required_steps_done(world, project)
    assert procedure_steps_done_by_every_partner(project) is None


def test_unverified_steps_never_close_the_gate(world):
    from mostovi.directory.tests.factories import AuthorityFactory

    skopje = AuthorityFactory(name="Скопје", country="MK")
    project = make_project(world, partner_ids=[world.lyon.pk, skopje.pk])
    reason = procedure_steps_done_by_every_partner(project)
    assert "Скопје" not in reason and "Lyon" in reason
