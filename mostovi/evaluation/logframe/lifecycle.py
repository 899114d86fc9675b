"""The statuses of a reported value, the steps allowed, and the one function that changes a status.

Draft → Submitted (by the reporting partner) → Approved or Returned (by another partner authority);
a returned value is corrected and submitted again.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import WrongStatus
from ..models import ValueStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ValueStatus.DRAFT: (ValueStatus.SUBMITTED,),
    ValueStatus.SUBMITTED: (ValueStatus.APPROVED, ValueStatus.RETURNED),
    ValueStatus.RETURNED: (ValueStatus.SUBMITTED,),
    ValueStatus.APPROVED: (),
}

# Steps taken by the reporting partner; the others are decisions of another partner.
REPORTING_STEPS = (ValueStatus.SUBMITTED,)
DECISIONS = (ValueStatus.APPROVED, ValueStatus.RETURNED)
EDITABLE = (ValueStatus.DRAFT, ValueStatus.RETURNED)


def allowed(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def change_status(value, to: str, *, actor, comment: str = "") -> None:
    """Move `value` to `to` and stamp who and when; the caller has checked the permission."""
    if to not in allowed(value.status):
        raise WrongStatus(
            _("A value that is “%(status)s” cannot become “%(to)s”.")
            % {"status": ValueStatus(value.status).label, "to": ValueStatus(to).label}
        )
    now = timezone.now()
    value.status = to
    if to == ValueStatus.SUBMITTED:
        value.submitted_at = now
        value.decided_by = None
        value.decided_at = None
    else:
        value.decided_by = actor
        value.decided_at = now
        value.return_comment = comment if to == ValueStatus.RETURNED else ""
    value.save()
