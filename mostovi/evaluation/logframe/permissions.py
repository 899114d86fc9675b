"""Who may do what on a project's results framework. Each predicate takes the user first.

The reporting partner's members report the figures; a member of another partner authority approves or
returns them, so that both sides own the figures.
"""

from mostovi.accounts.models import Role
from mostovi.projects.permissions import EDITING_ROLES, _memberships, can_edit_project, can_view_project

DECIDING_ROLES = (Role.OFFICER, Role.ELECTED)


def partner_ids(project) -> set[int]:
    return {p.authority_id for p in project.partners.all()}


def _acts_for(user, authority_ids: set[int], roles) -> bool:
    return any(m.organisation_id in authority_ids and m.role in roles for m in _memberships(user))


def can_view_logframe(user, project) -> bool:
    return can_view_project(user, project)


def can_edit_logframe(user, project) -> bool:
    """Results, indicators and targets: members of a partner authority (observers only read)."""
    return can_edit_project(user, project)


def can_report_value(user, project, indicator) -> bool:
    """An officer, elected official or technical member of the indicator's reporting partner."""
    partner = indicator.reporting_partner_id
    return partner in partner_ids(project) and _acts_for(user, {partner}, EDITING_ROLES)


def can_decide_value(user, project, indicator) -> bool:
    """An officer or elected official of another partner authority than the reporting one."""
    others = partner_ids(project) - {indicator.reporting_partner_id}
    return _acts_for(user, others, DECIDING_ROLES)
