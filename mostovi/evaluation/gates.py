"""The evaluation's conditions on the project's gates into `evaluation` and `closed`.

Registered with `projects.lifecycle.register_gate` by `EvaluationConfig.ready()`; the project page and the
409 of a refused transition read them from there.
"""

from django.utils.translation import gettext as _

from mostovi.projects import lifecycle
from mostovi.projects.lifecycle import condition
from mostovi.projects.models import Phase

from .actions import selectors as action_selectors
from .lessons import selectors as lesson_selectors
from .reviews import selectors as review_selectors


@condition(lambda: _("At least one joint review is completed."))
def at_least_one_completed_review(project) -> str | None:
    return review_selectors.at_least_one_completed_review(project)


@condition(lambda: _("The final joint review is approved by every partner."))
def final_review_approved_by_every_partner(project) -> str | None:
    return review_selectors.final_review_approved_by_every_partner(project)


@condition(
    lambda: _("Every follow-up action is done, cancelled or handed over to a member who carries it on.")
)
def follow_up_actions_done_or_handed_over(project) -> str | None:
    """Every follow-up action is done, handed over to a member who carries it on, or cancelled."""
    titles = action_selectors.open_actions_titles(project)
    if titles:
        return _("These follow-up actions are still open: %(actions)s.") % {"actions": "; ".join(titles)}
    return None


@condition(lambda: _("The lessons learned at closing are recorded."))
def lessons_learned_recorded(project) -> str | None:
    if not lesson_selectors.lessons_at_closing_exist(project):
        return _("Record the lessons learned at closing.")
    return None


def register() -> None:
    lifecycle.register_gate(Phase.EVALUATION, at_least_one_completed_review)
    lifecycle.register_gate(Phase.CLOSED, final_review_approved_by_every_partner)
    lifecycle.register_gate(Phase.CLOSED, follow_up_actions_done_or_handed_over)
    lifecycle.register_gate(Phase.CLOSED, lessons_learned_recorded)
