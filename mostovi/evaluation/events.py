"""What the evaluation's events say on a project's timeline and in notifications.

Registered with `core.events` by `EvaluationConfig.ready()`: the project's timeline (in `projects`) and the
notifications ask the registry, so `projects` shows these events without importing `evaluation`.
"""

from datetime import date

from django.utils.translation import gettext as _

from mostovi.core import events
from mostovi.core.formats import format_date

from .models import ActionStatus

# The timeline's sentences (what the actor did); translated when shown, in the reader's language.
SENTENCES = {
    "evaluation.result_created": lambda: _("added the result: %(title)s"),
    "evaluation.indicator_created": lambda: _("added the indicator: %(title)s"),
    "evaluation.target_set": lambda: _("set a target (%(value)s by %(period_end)s)"),
    "evaluation.value_reported": lambda: _("reported a value: %(value)s"),
    "evaluation.value_corrected": lambda: _("corrected a reported value: %(value)s"),
    "evaluation.value_submitted": lambda: _("submitted a value for approval: %(value)s"),
    "evaluation.value_approved": lambda: _("approved a reported value: %(value)s"),
    "evaluation.value_returned": lambda: _("returned a reported value: %(value)s"),
    "evaluation.review_schedule_set": lambda: _("planned joint reviews every %(interval_months)s months"),
    "evaluation.review_created": lambda: _("opened a joint review (%(period_start)s – %(period_end)s)"),
    "evaluation.review_updated": lambda: _("changed a joint review"),
    "evaluation.review_deleted": lambda: _("deleted a joint review (%(period_start)s – %(period_end)s)"),
    "evaluation.assessment_saved": lambda: _("saved the assessment of %(name)s"),
    "evaluation.assessment_submitted": lambda: _("submitted the assessment of %(name)s"),
    "evaluation.review_synthesis_updated": lambda: _("wrote version %(version)s of the joint synthesis"),
    "evaluation.review_approved": lambda: _(
        "approved version %(version)s of the joint synthesis for %(name)s"
    ),
    "evaluation.action_created": lambda: _("added the follow-up action: %(title)s"),
    "evaluation.action_updated": lambda: _("changed the follow-up action: %(title)s"),
    "evaluation.action_deleted": lambda: _("deleted the follow-up action: %(title)s"),
    "evaluation.action_status_changed": lambda: _("updated the follow-up action: %(title)s"),
    "evaluation.lesson_recorded": lambda: _("recorded the lesson learned: %(title)s"),
    "evaluation.lesson_updated": lambda: _("changed the lesson learned: %(title)s"),
    "evaluation.lesson_deleted": lambda: _("deleted the lesson learned: %(title)s"),
}


def _status_label(status) -> str:
    return str(ActionStatus(status).label) if status in ActionStatus.values else status or ""


def _action_status_changes(data: dict) -> list:
    changes = [(_("Status"), _status_label(data.get("old")), _status_label(data.get("new")))]
    if data.get("evidence"):
        changes.append((_("Evidence"), "", data["evidence"]))
    if data.get("reason"):
        changes.append((_("Reason"), "", data["reason"]))
    if data.get("handed_to_name"):
        changes.append((_("Owner"), "", f"{data['handed_to_name']} ({data.get('authority_name', '')})"))
    return changes


def _action_created_changes(data: dict) -> list:
    return [(_("Owner"), "", f"{data.get('owner_name', '')} ({data.get('authority_name', '')})")]


def _value_returned_changes(data: dict) -> list:
    return [(_("Reason"), "", data["comment"])] if data.get("comment") else []


CHANGES = {
    "evaluation.action_status_changed": _action_status_changes,
    "evaluation.action_created": _action_created_changes,
    "evaluation.value_returned": _value_returned_changes,
}


def _with_due_on(data: dict) -> events.values:
    values = events.values({k: v for k, v in data.items() if isinstance(v, str)})
    if data.get("due_on"):
        values["due_on"] = format_date(date.fromisoformat(data["due_on"]), "long")
    return values


# The notifications the evaluation sends to the partners (through `projects.services.partners_notify`).
NOTIFICATIONS = {
    "review.assessment_submitted": lambda: _(
        "%(name)s submitted its assessment of a joint review; the scores stay hidden until every partner "
        "has submitted."
    ),
    "review.scores_revealed": lambda: _("Every partner has scored the joint review: the scores are visible."),
    "review.synthesis_updated": lambda: _(
        "A new version of a joint review's synthesis awaits your authority's approval."
    ),
    "review.completed": lambda: _(
        "A joint review is completed; its report is among the project's documents."
    ),
    "action.due_soon": lambda: _("The follow-up action “%(title)s” is due on %(due_on)s."),
    "action.overdue": lambda: _("The follow-up action “%(title)s” is overdue (due on %(due_on)s)."),
}


def _sentence(template):
    return lambda data: template() % events.values(data)


def _notification(template):
    return lambda data: template() % _with_due_on(data)


def register() -> None:
    for kind, template in SENTENCES.items():
        events.register(kind, sentence=_sentence(template), changes=CHANGES.get(kind))
    for kind, template in NOTIFICATIONS.items():
        events.register(kind, notification=_notification(template))
