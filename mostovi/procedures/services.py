"""Every write of the procedure board: a partner records where it stands on one of its country's steps."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.projects.models import Project

from . import catalogue, permissions
from .exceptions import InvalidInput, NotAllowed, NotFound
from .models import ProcedureStep, StepStatus


def _acting_authority(actor, project, authority_id: int | None) -> int:
    own = permissions.own_partner_authorities(actor, project)
    if authority_id is None:
        if len(own) == 1:
            return own[0]
        if not own:
            raise NotAllowed(_("Only members of a partner authority can record its procedure steps."))
        raise InvalidInput(
            _("You act for several partners: say which authority this step is for."), field="authority_id"
        )
    if authority_id not in own:
        raise NotAllowed(_("Each partner records its own procedure steps only."))
    return authority_id


@transaction.atomic
def procedure_step_update(
    *,
    actor,
    project,
    step_id: str,
    status: str,
    done_on: datetime.date | None = None,
    document_id: int | None = None,
    reason: str = "",
    authority_id: int | None = None,
) -> ProcedureStep:
    """Set the status of one step of the actor's own authority (todo, done with its date and optionally the
    project document it produced, or not applicable with a reason)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    authority_id = _acting_authority(actor, project, authority_id)
    authority = next(
        p.authority for p in project.partners.select_related("authority") if p.authority_id == authority_id
    )
    step = catalogue.step_get(step_id)
    if step is None or step.country != authority.country:
        raise NotFound(_("This step is not one of your authority's country."))
    if status not in StepStatus.values:
        raise InvalidInput(_("The status must be todo, done or not_applicable."), field="status")
    reason = (reason or "").strip()
    if status == StepStatus.DONE:
        if done_on is None:
            raise InvalidInput(_("Give the date the step was done."), field="done_on")
        if done_on > timezone.localdate():
            raise InvalidInput(_("A step cannot be done on a date still to come."), field="done_on")
    else:
        done_on, document_id = None, None
    if status == StepStatus.NOT_APPLICABLE:
        if step.blocks_gate:
            raise InvalidInput(
                _("This step is required by law: it cannot be marked not applicable."), field="status"
            )
        if not reason:
            raise InvalidInput(_("Say why the step does not apply."), field="reason")
    else:
        reason = ""
    if (
        document_id is not None
        and not project.documents.filter(pk=document_id, deleted_at__isnull=True).exists()
    ):
        raise InvalidInput(_("The document must be one of this project's documents."), field="document_id")
    row, _created = ProcedureStep.objects.update_or_create(
        project=project,
        authority_id=authority_id,
        step_id=step.id,
        defaults={
            "status": status,
            "done_on": done_on,
            "document_id": document_id,
            "reason": reason[:2000],
            "updated_by": actor,
        },
    )
    event_record(
        actor=actor,
        kind="procedure.step_updated",
        target=row,
        scope=project,
        data={
            "step": step.id,
            "title": step.title("en"),
            "status": status,
            "name": str(authority),
            "done_on": done_on.isoformat() if done_on else "",
        },
    )
    return row
