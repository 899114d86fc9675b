"""The joint programme: its versions and approvals."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.accounts.models import User
from mostovi.core import approvals

from .. import permissions
from ..exceptions import GateNotMet, InvalidInput, StaleVersion
from ..models import (
    FINISHED_PHASES,
    Phase,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
)
from ..selectors import programme_current
from .common import (
    ACTIONS_MAX,
    APPROVAL_ERRORS,
    _dates,
    _line,
    _lock,
    _record,
    _reload,
    _require,
    _text,
    partners_notify,
)
from .mission import _acting_authority
from .project import _jsonable, _jsonable_dict

# --- programme ----------------------------------------------------------------------------------

ACTION_FIELDS = ("title", "partner_id", "description", "starts_on", "ends_on", "expected_results")


def _action_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(_("A date is expected (YYYY-MM-DD).")) from None
    _dates(value)
    return value


def _clean_actions(project: Project, actions: list[dict]) -> list[dict]:
    partner_ids = {p.authority_id for p in project.partners.all()}
    if not isinstance(actions, list) or len(actions) > ACTIONS_MAX:
        raise InvalidInput(_("A programme holds %(limit)s actions at most.") % {"limit": ACTIONS_MAX})
    cleaned = []
    for number, action in enumerate(actions, start=1):
        if not isinstance(action, dict):
            raise InvalidInput(_("Action %(number)s needs a title.") % {"number": number})
        title = _line(action.get("title"), _("Title"))
        if not title:
            raise InvalidInput(_("Action %(number)s needs a title.") % {"number": number})
        partner_id = action.get("partner_id")
        if partner_id not in partner_ids:
            raise InvalidInput(
                _("Action %(number)s: the responsible partner must be one of the project's partners.")
                % {"number": number}
            )
        item = {"title": title, "partner_id": partner_id}
        item["description"] = _text(action.get("description"), _("Description"))
        item["expected_results"] = _text(action.get("expected_results"), _("Expected results"))
        for key in ("starts_on", "ends_on"):
            value = _action_date(action.get(key))
            item[key] = _jsonable(value) if value else None
        if item["starts_on"] and item["ends_on"] and item["ends_on"] < item["starts_on"]:
            raise InvalidInput(_("Action %(number)s ends before it starts.") % {"number": number})
        cleaned.append(item)
    return cleaned


@transaction.atomic
def programme_update(
    *, actor: User, project: Project, version: int, actions: list[dict], objectives: str = ""
) -> ProgrammeVersion:
    """Save the intervention choices as a new version; earlier approvals no longer count."""
    _lock(project)
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if Phase(project.phase) in FINISHED_PHASES:
        raise InvalidInput(_("A closed or cancelled project does not change any more."))
    current = programme_current(project=project)
    current_number = current.number if current else 0
    if version != current_number:
        # Checked before the content: whoever saved first wins, and the late text is handed back whole.
        raise StaleVersion(
            _("Version %(current)s of the programme was saved after the version %(read)s you read.")
            % {"current": current_number, "read": version},
            current=current.content if current else None,
            submitted={"objectives": objectives or "", "actions": [_jsonable_dict(a) for a in actions]},
        )
    content = {"objectives": _text(objectives, _("Objectives")), "actions": _clean_actions(project, actions)}
    if current is not None and current.content == content:
        return current
    new = ProgrammeVersion.objects.create(
        project=project, number=current_number + 1, content=content, created_by=actor
    )
    voided = [a.authority_id for a in current.approvals.all()] if current else []
    _record(actor, "programme.version_created", project, target=new, version=new.number, voided=voided)
    partners_notify(project, "programme.version_created", actor, version=new.number)
    return new


@transaction.atomic
def programme_approve(
    *,
    actor: User,
    project: Project,
    version: int,
    authority_id: int | None = None,
    council_decision_id: int | None = None,
) -> ProgrammeApproval:
    """Record that the actor's authority approves the programme `version` they read (it must be the current
    one: StaleVersion otherwise, and InvalidInput when none is given)."""
    _lock(project)
    project = _reload(project)
    authority_id = _acting_authority(actor, project, authority_id, check=permissions.can_approve_programme)
    authority = next(p.authority for p in project.partners.all() if p.authority_id == authority_id)
    programme = programme_current(project=project)
    if programme is None:
        raise GateNotMet([_("The programme of intervention choices has not been written yet.")])
    decision = None
    if council_decision_id is not None:
        decision = next((d for d in project.documents.all() if d.pk == council_decision_id), None)
        if decision is None:
            raise InvalidInput(_("This document does not belong to the project."))
    approval, created = approvals.approval_give(
        current=programme.number,
        read=version,
        authority=authority,
        approvals=programme.approvals.all(),
        create=lambda: ProgrammeApproval.objects.create(
            version=programme, authority=authority, approved_by=actor, council_decision=decision
        ),
        errors=APPROVAL_ERRORS,
        current_content=programme.content,
        stale_message=_(
            "A new version %(number)s of the programme was saved meanwhile: read it before approving."
        )
        % {"number": programme.number},
    )
    if created:
        _record(
            actor,
            "programme.approved",
            project,
            target=approval,
            version=programme.number,
            authority=authority.pk,
            name=str(authority),
        )
        partners_notify(
            project, "programme.approved", actor, version=programme.number, authority=authority.pk
        )
    return approval
