"""A logframe for the Lyon–Niš water project: one impact, one outcome, one output with Niš's indicator."""

from datetime import date

from mostovi.evaluation.logframe import services
from mostovi.evaluation.models import Level, Measure
from mostovi.projects.tests.factories import make_project, make_world


def logframe_world():
    world = make_world()
    project = make_project(world)
    impact = services.result_create(
        actor=world.officer_lyon,
        project=project,
        level=Level.IMPACT,
        title="Eau potable pour tous",
        language="fr",
    )
    outcome = services.result_create(
        actor=world.officer_nis,
        project=project,
        level=Level.OUTCOME,
        title="Pertes du réseau réduites",
        language="fr",
        parent_id=impact.pk,
    )
    output = services.result_create(
        actor=world.officer_lyon,
        project=project,
        level=Level.OUTPUT,
        title="Techniciens formés",
        language="fr",
        parent_id=outcome.pk,
    )
    losses = services.indicator_create(
        actor=world.officer_lyon,
        project=project,
        result=outcome,
        title="Part de l'eau perdue",
        measure=Measure.PERCENTAGE,
        unit="%",
        baseline="40",
        baseline_date=date(2026, 1, 1),
        sources="Relevés des compteurs de Niš",
        reporting_partner_id=world.nis.pk,
        reporter_id=world.membership(world.officer_nis, world.nis).pk,
    )
    services.target_create(
        actor=world.officer_lyon,
        project=project,
        indicator=losses,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        value="30",
    )
    trained = services.indicator_create(
        actor=world.officer_lyon,
        project=project,
        result=output,
        title="Techniciens formés",
        measure=Measure.UNIT,
        unit="personnes",
        reporting_partner_id=world.lyon.pk,
    )
    return world, project, {"impact": impact, "outcome": outcome, "output": output}, losses, trained


def report(world, project, indicator, value="35", actor=None, start=date(2027, 1, 1), end=date(2027, 6, 30)):
    return services.value_report(
        actor=actor or world.officer_nis,
        project=project,
        indicator=indicator,
        period_start=start,
        period_end=end,
        value=value,
    )
