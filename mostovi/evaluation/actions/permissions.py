"""Who may do what on follow-up actions and lessons learned. Each predicate takes the user first.

- Reading: whoever may see the project (`can_view_project`).
- Writing an action (create, edit, delete): members of a partner authority who edit the project (officers,
  elected officials, technical staff); observers only read.
- Moving an action on (in progress, done, handed over, cancelled, reopened): the same editors of the project,
  plus the owner themselves whatever their role, because the person who carries the action reports on it.
  The officers of the owner authority are editors of the project, so they are included.
- Lessons: an editor of the partner authority the lesson is recorded for writes, edits and deletes it.
"""

from mostovi.projects.permissions import EDITING_ROLES, _memberships, can_edit_project, can_view_project


def can_view_actions(user, project) -> bool:
    return can_view_project(user, project)


def can_write_action(user, project) -> bool:
    """Create, edit and delete follow-up actions of the project."""
    return can_edit_project(user, project)


def is_action_owner(user, action) -> bool:
    return action.owner_id is not None and any(m.pk == action.owner_id for m in _memberships(user))


def can_change_action_status(user, project, action) -> bool:
    return can_edit_project(user, project) or is_action_owner(user, action)


def can_write_lesson(user, project, authority_id: int) -> bool:
    """Record a lesson for `authority_id`: an editor of that partner authority."""
    partner_ids = {p.authority_id for p in project.partners.all()}
    return authority_id in partner_ids and any(
        m.organisation_id == authority_id and m.role in EDITING_ROLES for m in _memberships(user)
    )


def lesson_authorities(user, project) -> list[int]:
    """The partner authorities the user may record lessons for."""
    partner_ids = {p.authority_id for p in project.partners.all()}
    return sorted({m.organisation_id for m in _memberships(user) if m.role in EDITING_ROLES} & partner_ids)
