"""The reporting workflow (both partners own the figures) and the type and range of values."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from mostovi.core.models import Event
from mostovi.evaluation.exceptions import InvalidInput, NotAllowed, WrongStatus
from mostovi.evaluation.logframe import services
from mostovi.evaluation.logframe.values import parse
from mostovi.evaluation.models import Level, Measure, ReportedValue, Result, ValueStatus
from mostovi.projects.tests.factories import make_world

from .world import logframe_world, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup():
    return logframe_world()


def test_nis_reports_lyon_approves(setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses, "35.5")
    assert value.status == ValueStatus.DRAFT and value.value == Decimal("35.5")
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    value.refresh_from_db()
    assert value.status == "submitted" and value.submitted_at is not None
    services.value_transition(actor=world.elected_lyon, project=project, reported=value, to="approved")
    value.refresh_from_db()
    assert value.status == "approved" and value.decided_by == world.elected_lyon and value.decided_at
    kinds = list(
        Event.objects.filter(scope=f"projects.project:{project.pk}", kind__startswith="evaluation.value")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["evaluation.value_reported", "evaluation.value_submitted", "evaluation.value_approved"]
    assert value.history.count() == 3


def test_lyon_cannot_report_for_nis_indicator(setup):
    world, project, _results, losses, _trained = setup
    with pytest.raises(NotAllowed) as caught:
        report(world, project, losses, actor=world.officer_lyon)
    assert str(caught.value) == f"Only members of {world.nis} report the values of this indicator."
    assert ReportedValue.objects.count() == 0


def test_nis_cannot_approve_its_own_value(setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses)
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    for who in (world.officer_nis, world.elected_nis):
        with pytest.raises(NotAllowed):
            services.value_transition(actor=who, project=project, reported=value, to="approved")
    value.refresh_from_db()
    assert value.status == "submitted"


def test_a_member_of_no_partner_cannot_decide(setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses)
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    with pytest.raises(NotAllowed):
        services.value_transition(actor=world.officer_sofia, project=project, reported=value, to="approved")


def test_returned_value_carries_the_comment_and_is_resubmitted(setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses, "35")
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    with pytest.raises(InvalidInput) as caught:
        services.value_transition(actor=world.officer_lyon, project=project, reported=value, to="returned")
    assert str(caught.value) == "Say why the value is returned."
    services.value_transition(
        actor=world.officer_lyon, project=project, reported=value, to="returned", comment="Relevés de mars ?"
    )
    value.refresh_from_db()
    assert value.status == "returned" and value.return_comment == "Relevés de mars ?"
    services.value_update(actor=world.officer_nis, project=project, reported=value, value="36")
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    value.refresh_from_db()
    assert value.status == "submitted" and value.value == Decimal("36") and value.decided_by is None
    services.value_transition(actor=world.officer_lyon, project=project, reported=value, to="approved")
    value.refresh_from_db()
    assert value.status == "approved" and value.return_comment == ""


def test_steps_the_status_does_not_allow(setup):
    world, project, _results, losses, _trained = setup
    value = report(world, project, losses)
    with pytest.raises(WrongStatus) as caught:
        services.value_transition(actor=world.officer_lyon, project=project, reported=value, to="approved")
    assert str(caught.value) == "A value that is “Draft” cannot become “Approved”."
    services.value_transition(actor=world.officer_nis, project=project, reported=value, to="submitted")
    services.value_transition(actor=world.officer_lyon, project=project, reported=value, to="approved")
    with pytest.raises(WrongStatus):
        services.value_update(actor=world.officer_nis, project=project, reported=value, value="1")


@pytest.mark.parametrize(
    ("measure", "raw", "expected"),
    [
        (Measure.PERCENTAGE, "0", (Decimal("0"), "")),
        (Measure.PERCENTAGE, "100", (Decimal("100"), "")),
        (Measure.PERCENTAGE, 12.5, (Decimal("12.5"), "")),
        (Measure.UNIT, "-3", (Decimal("-3"), "")),
        (Measure.UNIT, 1200, (Decimal("1200"), "")),
        (Measure.ORDINAL, "2", (Decimal("2"), "")),
        (Measure.QUALITATIVE, "  Mieux organisé ", (None, "Mieux organisé")),
    ],
)
def test_values_that_fit_the_measure(measure, raw, expected):
    assert parse(measure, raw) == expected


@pytest.mark.parametrize(
    ("measure", "raw", "message"),
    [
        (Measure.PERCENTAGE, "beaucoup", "This indicator is measured as “Percentage”: enter a number."),
        (Measure.PERCENTAGE, "100.01", "A percentage is between 0 and 100."),
        (Measure.PERCENTAGE, "-1", "A percentage is between 0 and 100."),
        (Measure.UNIT, "", "This indicator is measured as “Unit”: enter a number."),
        (Measure.UNIT, True, "This indicator is measured as “Unit”: enter a number."),
        (Measure.UNIT, "NaN", "This indicator is measured as “Unit”: enter a number."),
        (Measure.UNIT, "1e20", "This number is too large: check the figure."),
        (Measure.UNIT, "1.23456", "Give 4 decimals at most."),
        (Measure.QUALITATIVE, "   ", "This indicator is qualitative: describe the value in words."),
        (Measure.QUALITATIVE, 3, "This indicator is qualitative: describe the value in words."),
    ],
)
def test_values_that_do_not_fit_are_refused(measure, raw, message):
    with pytest.raises(InvalidInput) as caught:
        parse(measure, raw)
    assert str(caught.value) == message


def test_a_wrong_value_writes_nothing(setup):
    world, project, _results, losses, _trained = setup
    with pytest.raises(InvalidInput):
        report(world, project, losses, "120")
    with pytest.raises(InvalidInput) as caught:
        report(world, project, losses, "30", start=date(2027, 6, 1), end=date(2027, 1, 1))
    assert str(caught.value) == "The period ends before it starts."
    assert ReportedValue.objects.count() == 0


def test_results_tree_rules(setup):
    world, project, results, _losses, _trained = setup
    with pytest.raises(InvalidInput) as caught:
        services.result_create(
            actor=world.officer_lyon,
            project=project,
            level=Level.OUTPUT,
            title="X",
            language="fr",
            parent_id=results["impact"].pk,
        )
    assert str(caught.value) == (
        "A result at the level “Output (expected result)” cannot be placed under "
        "“Impact (overall objective)”."
    )
    with pytest.raises(NotAllowed):
        services.result_create(
            actor=world.officer_sofia, project=project, level=Level.IMPACT, title="X", language="fr"
        )
    with pytest.raises(InvalidInput) as caught:
        services.result_create(
            actor=world.officer_lyon,
            project=project,
            level=Level.OUTPUT,
            title="X",
            language="fr",
            actions=["Action inconnue"],
        )
    assert str(caught.value) == "Not an action of the current programme: Action inconnue."
    assert Result.objects.filter(project=project).count() == 3


def test_indicator_partner_and_reporter_are_checked(setup):
    world, project, results, _losses, _trained = setup
    common = {"actor": world.officer_lyon, "project": project, "result": results["output"], "title": "T"}
    with pytest.raises(InvalidInput) as caught:
        services.indicator_create(**common, measure=Measure.UNIT, reporting_partner_id=world.sofia.pk)
    assert str(caught.value) == "The reporting partner must be a partner authority of the project."
    with pytest.raises(InvalidInput) as caught:
        services.indicator_create(
            **common,
            measure=Measure.UNIT,
            reporting_partner_id=world.nis.pk,
            reporter_id=world.membership(world.officer_lyon, world.lyon).pk,
        )
    assert str(caught.value) == "The reporter must be an active member of the reporting partner."
    with pytest.raises(InvalidInput) as caught:
        services.indicator_create(
            **common, measure=Measure.PERCENTAGE, reporting_partner_id=world.nis.pk, baseline="140"
        )
    assert str(caught.value) == "A percentage is between 0 and 100."


def test_actions_of_the_current_programme_link_a_result():
    from mostovi.projects import services as project_services
    from mostovi.projects.tests.factories import actions_for, bring_to_joint_definition, make_project

    world = make_world()
    project = bring_to_joint_definition(world, make_project(world))
    project_services.programme_update(
        actor=world.officer_lyon, project=project, version=0, actions=actions_for(world)
    )
    result = services.result_create(
        actor=world.officer_nis,
        project=project,
        level=Level.OUTPUT,
        title="Réseau diagnostiqué",
        language="fr",
        actions=["Diagnostic du réseau d'eau", "Diagnostic du réseau d'eau"],
    )
    assert result.actions == ["Diagnostic du réseau d'eau"]
