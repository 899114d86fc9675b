"""What the tests of other apps need to open the gate into implementation: each side's required steps done."""

from datetime import date

from mostovi.procedures import catalogue, services


def required_steps_done(world, project, *, on: date = date(2026, 1, 5)) -> None:
    """Lyon's and Niš's sourced mandatory steps for entering the agreement, marked done."""
    for actor, authority in ((world.officer_lyon, world.lyon), (world.officer_nis, world.nis)):
        for step in catalogue.steps_of(authority.country):
            if step.blocks_gate:
                services.procedure_step_update(
                    actor=actor,
                    project=project,
                    step_id=step.id,
                    status="done",
                    done_on=on,
                    authority_id=authority.pk,
                )
