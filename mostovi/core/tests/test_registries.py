"""The registries of the lower apps, filled by the apps above them in their AppConfig.ready()."""

from django.utils import translation

from mostovi.accounts import services as account_services
from mostovi.core import events
from mostovi.directory import selectors as directory_selectors
from mostovi.projects import continuity, lifecycle, turnover
from mostovi.projects.models import Phase


def test_gates_hold_the_conditions_of_the_apps_above_projects_in_order_with_their_labels():
    names = {phase: [c.name for c in lifecycle.GATES[phase]] for phase in lifecycle.GATES}
    assert names[Phase.IMPLEMENTATION] == [
        "funding_plan_approved_and_balanced",
        "procedure_steps_done_by_every_partner",
        "convention_signed_by_every_partner",
    ]
    assert names[Phase.EVALUATION] == ["at_least_one_completed_review"]
    assert names[Phase.CLOSED] == [
        "final_review_approved_by_every_partner",
        "follow_up_actions_done_or_handed_over",
        "lessons_learned_recorded",
    ]
    with translation.override("en"):
        labels = [c.label() for c in lifecycle.GATES[Phase.CLOSED]]
    assert labels[-1] == "The lessons learned at closing are recorded."


def test_registering_a_condition_twice_keeps_one():
    condition = lifecycle.GATES[Phase.EVALUATION][0]
    lifecycle.register_gate(Phase.EVALUATION, condition)
    assert lifecycle.GATES[Phase.EVALUATION] == [condition]


def test_continuity_hands_on_the_evaluations_responsibilities():
    assert list(continuity.RESPONSIBILITIES) == ["action.owner", "indicator.reporter"]
    assert [h.__name__ for h in continuity.RESPONSIBILITY_HANDLERS] == [
        "partner_roles_move",
        "action_owners_move",
        "indicator_reporters_move",
    ]
    assert continuity.responsibilities_reassign in account_services.MEMBERSHIP_END_HANDLERS
    assert set(turnover.HELD_WORK) == {"actions", "indicators"}
    with translation.override("en"):
        assert continuity.responsibility_label("action.owner") == "Owner of the follow-up action"
        assert (
            continuity.describe(
                {
                    "responsibility": "indicator.reporter",
                    "authority_name": "Niš",
                    "old": "A",
                    "new": "B",
                    "title": "T",
                }
            )
            == "Niš: A left; B now reports the indicator “T”."
        )


def test_event_kinds_of_evaluation_and_funding_say_their_sentence_and_notification():
    with translation.override("en"):
        assert events.sentence("evaluation.lesson_recorded", {"title": "Buy meters first"}) == (
            "recorded the lesson learned: Buy meters first"
        )
        assert events.sentence("funding_plan.approved", {"version": 2}) == (
            "approved version 2 of the funding plan for "
        )
        assert events.notification("action.overdue", {"title": "Meters", "due_on": "2026-10-31"}) == (
            "The follow-up action “Meters” is overdue (due on 31 October 2026)."
        )
        assert events.changes("evaluation.value_returned", {"comment": "Check the source"}) == [
            ("Reason", "", "Check the source")
        ]
    assert events.sentence("unknown.kind", {}) is None


def test_the_directory_shows_partnerships_through_its_registry():
    from mostovi.partnerships.selectors import partnership_list_for_authority

    assert directory_selectors.AUTHORITY_RECORDS["partnerships"] is partnership_list_for_authority
