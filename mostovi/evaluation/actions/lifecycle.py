"""The statuses of a follow-up action, the steps allowed, and the one function that changes a status.

Open → in progress → done. From open or in progress an action can also be handed over (to a member of a
partner authority who carries it on after the project closes) or cancelled (with a reason). A done action
can be reopened. Handed over and cancelled are final: they settle the action for the closing gate.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import InvalidInput, WrongStatus
from ..models import ActionStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ActionStatus.OPEN: (
        ActionStatus.IN_PROGRESS,
        ActionStatus.DONE,
        ActionStatus.HANDED_OVER,
        ActionStatus.CANCELLED,
    ),
    ActionStatus.IN_PROGRESS: (ActionStatus.DONE, ActionStatus.HANDED_OVER, ActionStatus.CANCELLED),
    ActionStatus.DONE: (ActionStatus.OPEN,),
    ActionStatus.HANDED_OVER: (),
    ActionStatus.CANCELLED: (),
}

# Statuses that settle an action for the closing gate.
SETTLED = (ActionStatus.DONE, ActionStatus.HANDED_OVER, ActionStatus.CANCELLED)


def allowed(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def change_status(action, to: str, *, evidence: str = "", reason: str = "", handed_to=None) -> dict:
    """Move `action` to `to` and save it; return what the event records.

    The caller has checked the permission and that `handed_to` is an active membership of a partner
    authority. Done needs the evidence, cancelled a reason, handed over the member who carries it on.
    """
    if to not in ActionStatus.values:
        raise InvalidInput(_("Unknown status: %(status)s.") % {"status": str(to)[:20]})
    if to not in allowed(action.status):
        raise WrongStatus(
            _("An action that is “%(status)s” cannot become “%(to)s”.")
            % {"status": ActionStatus(action.status).label, "to": ActionStatus(to).label}
        )
    evidence, reason = (evidence or "").strip(), (reason or "").strip()
    data: dict = {"old": action.status, "new": to}
    if to == ActionStatus.DONE:
        if not evidence:
            raise InvalidInput(_("Describe the evidence that the action is done."))
        action.evidence = evidence
        action.completed_at = timezone.now()
        data["evidence"] = evidence
    elif to == ActionStatus.HANDED_OVER:
        if handed_to is None:
            raise InvalidInput(_("Name the member who carries the action on after the project closes."))
        data.update(
            {
                "old_owner": action.owner_id,
                "handed_to": handed_to.pk,
                "handed_to_name": str(handed_to.user),
                "authority": handed_to.organisation_id,
                "authority_name": str(handed_to.organisation),
            }
        )
        action.owner = handed_to
        action.owner_authority_id = handed_to.organisation_id
        action.completed_at = timezone.now()
    elif to == ActionStatus.CANCELLED:
        if not reason:
            raise InvalidInput(_("Say why the action is cancelled."))
        action.completed_at = timezone.now()
        data["reason"] = reason
    else:
        # Reopened or started: not completed (the evidence written before stays as a record).
        action.completed_at = None
    action.status = to
    action.save()
    return data
