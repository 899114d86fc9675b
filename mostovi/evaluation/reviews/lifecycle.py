"""The statuses of a joint review, the steps allowed, and the one function that changes a status.

Scoring (each partner scores the six OECD-DAC criteria on its own) → Synthesis (every partner has submitted;
the scores are shown side by side and the partners write one synthesis) → Completed (every partner approved
the current version of the synthesis).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import WrongStatus
from ..models import ReviewStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReviewStatus.SCORING: (ReviewStatus.SYNTHESIS,),
    ReviewStatus.SYNTHESIS: (ReviewStatus.COMPLETED,),
    ReviewStatus.COMPLETED: (),
}


def allowed(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_scoring(review) -> bool:
    """While scoring, each partner's scores stay with that partner."""
    return review.status == ReviewStatus.SCORING


def change_status(review, to: str) -> None:
    """Move `review` to `to` (stamping the completion); the caller has checked the permission."""
    if to not in allowed(review.status):
        raise WrongStatus(
            _("A review that is “%(status)s” cannot become “%(to)s”.")
            % {"status": ReviewStatus(review.status).label, "to": ReviewStatus(to).label}
        )
    review.status = to
    if to == ReviewStatus.COMPLETED:
        review.completed_at = timezone.now()
    review.save(update_fields=["status", "completed_at"])
