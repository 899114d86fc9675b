"""Every write to follow-up actions. Each service checks its permission, validates its input, runs
atomically and records an event on the project's timeline."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership
from mostovi.core.services import event_record
from mostovi.projects.models import FINISHED_PHASES

from ..checks import check_dates, check_language, check_text, check_title
from ..exceptions import InvalidInput, NotAllowed, WrongStatus
from ..models import FollowUpAction, Review
from . import lifecycle, permissions

MAX_TEXT = 10_000


def _record(actor, kind: str, action: FollowUpAction, **data: Any) -> None:
    event_record(actor=actor, kind=kind, target=action, scope=action.project, data=data)


def project_title(title: str) -> str:
    return check_title(title, missing=_("Say what the action is: a title is required."))


def _text(text: str, what: str) -> str:
    text = check_text(text, capfirst(what), None)
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("The %(field)s is too long (10,000 characters at most).") % {"field": what})
    return text


def _due(due_on) -> date:
    if not isinstance(due_on, date):
        raise InvalidInput(_("Give the due date of the action."))
    check_dates(due_on)
    return due_on


def _live(project) -> None:
    if project.deleted_at is not None or project.phase in FINISHED_PHASES:
        raise WrongStatus(_("This project is closed or cancelled: its follow-up actions no longer change."))


def partner_member(project, membership_id, *, missing: str) -> Membership:
    """An active membership of one of the project's partner authorities, or InvalidInput."""
    if membership_id in (None, ""):
        raise InvalidInput(missing)
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
        if isinstance(membership_id, int)
        else None
    )
    if membership is None:
        raise InvalidInput(_("No member has this id: %(id)s.") % {"id": str(membership_id)[:20]})
    partner_ids = {p.authority_id for p in project.partners.all()}
    if membership.organisation_id not in partner_ids:
        raise InvalidInput(
            _("%(name)s acts for %(authority)s, which is not a partner authority of this project.")
            % {"name": membership.user, "authority": membership.organisation}
        )
    if membership.ended_at is not None or not membership.user.is_active:
        raise InvalidInput(
            _("%(name)s no longer acts for %(authority)s: name a current member.")
            % {"name": membership.user, "authority": membership.organisation}
        )
    return membership


def _owner(project, owner_id) -> Membership:
    return partner_member(project, owner_id, missing=_("Name the role that owns this action."))


@transaction.atomic
def action_create(
    *,
    actor,
    project,
    title: str,
    owner_id: int | None,
    due_on: date,
    language: str,
    description: str = "",
    review_id: int | None = None,
) -> FollowUpAction:
    """A follow-up action (often a recommendation of a review) owned by a member of a partner authority."""
    if not permissions.can_write_action(actor, project):
        raise NotAllowed(_("Only members of a partner authority may add follow-up actions."))
    _live(project)
    title = project_title(title)
    owner = _owner(project, owner_id)
    due_on = _due(due_on)
    language = check_language(language)
    review = None
    if review_id is not None:
        review = Review.objects.alive().filter(pk=review_id, project=project).first()
        if review is None:
            raise InvalidInput(_("The review is not a review of this project."))
    action = FollowUpAction.objects.create(
        project=project,
        review=review,
        title=title,
        description=_text(description, _("description")),
        language=language,
        owner=owner,
        owner_authority_id=owner.organisation_id,
        due_on=due_on,
        created_by=actor,
    )
    _record(
        actor,
        "evaluation.action_created",
        action,
        title=title,
        owner=owner.pk,
        owner_name=str(owner.user),
        authority=owner.organisation_id,
        authority_name=str(owner.organisation),
        due_on=due_on.isoformat(),
        review=review.pk if review else None,
    )
    return action


def _locked(action: FollowUpAction) -> FollowUpAction:
    return (
        FollowUpAction.objects.select_for_update(of=("self",))
        .select_related("project", "owner__user", "owner_authority")
        .get(pk=action.pk)
    )


@transaction.atomic
def action_update(
    *,
    actor,
    action: FollowUpAction,
    title: str | None = None,
    description: str | None = None,
    due_on: date | None = None,
    owner_id: int | None = None,
) -> FollowUpAction:
    """Change what the action is, its due date or its owner (arguments left as None stay as they are)."""
    project = action.project
    if not permissions.can_write_action(actor, project):
        raise NotAllowed(_("Only members of a partner authority may change follow-up actions."))
    _live(project)
    locked = _locked(action)
    locked.project = project  # the caller's project carries its prefetched partners
    changes: dict[str, list] = {}
    if title is not None:
        title = project_title(title)
        if title != locked.title:
            changes["title"] = [locked.title, title]
            locked.title = title
    if description is not None:
        description = _text(description, _("description"))
        if description != locked.description:
            changes["description"] = [locked.description, description]
            locked.description = description
    if due_on is not None:
        due_on = _due(due_on)
        if due_on != locked.due_on:
            changes["due_on"] = [locked.due_on.isoformat(), due_on.isoformat()]
            if due_on > locked.due_on:
                # A later date deserves its own reminders.
                locked.reminded_before_at = locked.reminded_after_at = None
            locked.due_on = due_on
    if owner_id is not None and owner_id != locked.owner_id:
        owner = _owner(project, owner_id)
        changes["owner"] = [str(locked.owner.user) if locked.owner else "", str(owner.user)]
        changes["owner_membership"] = [locked.owner_id, owner.pk]
        locked.owner = owner
        locked.owner_authority_id = owner.organisation_id
        locked.reminded_before_at = locked.reminded_after_at = None
    if changes:
        locked.save()
        _record(actor, "evaluation.action_updated", locked, title=locked.title, changes=changes)
    return locked


@transaction.atomic
def action_delete(*, actor, action: FollowUpAction) -> FollowUpAction:
    """Delete an action (it stays in the database and in the timeline)."""
    project = action.project
    if not permissions.can_write_action(actor, project):
        raise NotAllowed(_("Only members of a partner authority may delete follow-up actions."))
    _live(project)
    locked = _locked(action)
    if locked.deleted_at is None:
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["deleted_at"])
        _record(actor, "evaluation.action_deleted", locked, title=locked.title)
    return locked


@transaction.atomic
def action_transition(
    *,
    actor,
    action: FollowUpAction,
    to: str,
    evidence: str = "",
    reason: str = "",
    handed_to_id: int | None = None,
) -> FollowUpAction:
    """Move an action on: in progress, done (with evidence), handed over (to a member who carries it on after
    closing), cancelled (with a reason), or reopened."""
    project = action.project
    if not permissions.can_change_action_status(actor, project, action):
        raise NotAllowed(_("Only the owner of the action or a member of a partner authority may update it."))
    _live(project)
    locked = _locked(action)
    handed_to = None
    if to == "handed_over" and to in lifecycle.allowed(locked.status):
        handed_to = partner_member(
            project,
            handed_to_id,
            missing=_("Name the member who carries the action on after the project closes."),
        )
    data = lifecycle.change_status(
        locked,
        to,
        evidence=_text(evidence, _("evidence")),
        reason=_text(reason, _("reason")),
        handed_to=handed_to,
    )
    _record(actor, "evaluation.action_status_changed", locked, title=locked.title, **data)
    return locked
