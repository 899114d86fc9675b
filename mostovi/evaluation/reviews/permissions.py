"""Who may do what on a project's joint reviews. Each predicate takes the user first.

Any editor of a partner authority plans reviews and writes the synthesis; each partner authority scores on
its own (its officers, elected officials and technical staff) and approves the synthesis (its officers and
elected officials). A partner's scores stay with that partner's members until every partner has submitted.
"""

from mostovi.projects.permissions import EDITING_ROLES, _memberships, can_edit_project, can_view_project

from ..logframe.permissions import DECIDING_ROLES, partner_ids
from ..models import ReviewStatus


def _member_of(user, authority_id: int, roles=None) -> bool:
    return any(
        m.organisation_id == authority_id and (roles is None or m.role in roles) for m in _memberships(user)
    )


def can_view_reviews(user, project) -> bool:
    return can_view_project(user, project)


def can_edit_reviews(user, project) -> bool:
    """The schedule, the reviews themselves and the joint synthesis: editors of any partner authority."""
    return can_edit_project(user, project)


def can_score_for(user, project, authority_id: int) -> bool:
    """Scoring for a partner authority: its officers, elected officials and technical staff."""
    return authority_id in partner_ids(project) and _member_of(user, authority_id, EDITING_ROLES)


def can_approve_review_for(user, project, authority_id: int) -> bool:
    """Approving the synthesis for a partner authority: its officers and elected officials."""
    return authority_id in partner_ids(project) and _member_of(user, authority_id, DECIDING_ROLES)


def can_see_scores(user, review, authority_id: int) -> bool:
    """A partner's scores: its own members while the review is scoring; after, whoever sees the project
    (the caller has checked that)."""
    if review.status != ReviewStatus.SCORING:
        return True
    return _member_of(user, authority_id)
